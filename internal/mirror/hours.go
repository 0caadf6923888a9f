package mirror

import (
	"fmt"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
)

// regionHours is what a region's availability windows say about it.
type regionHours struct {
	Timezone string
	Hours    string // "24x7" or "HH:MM-HH:MM", as fixtures write it
	// How says where the time zone came from, for the report.
	How string
	// Gaps is set when some day in the run of windows has none: the
	// mock's regions open every day, so those days will be open.
	Gaps bool
}

// parseInstant reads a date-time as DexCare writes them.
func parseInstant(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time", s)
}

// inferHours finds the first candidate zone in which every window opens
// and closes at the same local wall time, and reads the hours in it.
// Windows come as instants, so a zone is only known up to its offsets
// over the week shown (America/Denver and America/Boise agree): the
// region code's state decides between zones that fit.
func inferHours(code string, windows []dexcare.Window) (regionHours, error) {
	var spans [][2]time.Time
	for _, w := range windows {
		s, err1 := parseInstant(w.Start)
		e, err2 := parseInstant(w.End)
		if err1 != nil || err2 != nil || !e.After(s) {
			return regionHours{}, fmt.Errorf("availability window %s–%s is not a pair of ordered date-times", w.Start, w.End)
		}
		spans = append(spans, [2]time.Time{s, e})
	}
	if len(spans) == 0 {
		return regionHours{}, fmt.Errorf("no availability windows")
	}
	cands := zoneCandidates(code)
	for i, z := range cands {
		loc, err := time.LoadLocation(z)
		if err != nil {
			continue
		}
		if h, ok := hoursIn(loc, spans); ok {
			h.How = "the first zone its windows fit (the region code names no state whose zone fits them)"
			if _, state := stateZone[strings.ToUpper(code)]; state && i == 0 {
				h.How = "the region code's state; its windows fit it"
			}
			return h, nil
		}
	}
	return regionHours{}, fmt.Errorf("its windows open at different local times in every candidate zone")
}

// hoursIn checks that every span opens and closes at one local time of
// one local day in loc.
func hoursIn(loc *time.Location, spans [][2]time.Time) (regionHours, bool) {
	open, close := wallMinute(spans[0][0], loc), wallMinute(spans[0][1], loc)
	var prev time.Time
	h := regionHours{Timezone: loc.String()}
	for i, sp := range spans {
		s, e := sp[0].In(loc), sp[1].In(loc)
		if wallMinute(s, loc) != open || wallMinute(e, loc) != close || !sameDay(s, e) {
			return h, false
		}
		day := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
		if i > 0 && !day.Equal(prev.AddDate(0, 0, 1)) {
			h.Gaps = true
		}
		prev = day
	}
	h.Hours = hoursString(open, close)
	return h, true
}

func wallMinute(t time.Time, loc *time.Location) int {
	l := t.In(loc)
	return l.Hour()*60 + l.Minute()
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// hoursString writes fixture hours. A window ending at 23:59 is a day
// open to midnight, as the mock (and DexCare's examples) write it.
func hoursString(open, close int) string {
	if close == 23*60+59 {
		if open == 0 {
			return "24x7"
		}
		close = 24 * 60
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", open/60, open%60, close/60, close%60)
}
