package fixturefile

import (
	"fmt"
	"time"
)

// A region's hours: open every day from one local wall time to another
// ("HH:MM-HH:MM"), or all day ("24x7").

// Window is one opening of a region, in absolute time.
type Window struct {
	Start, End time.Time
}

// ParseHours reads "24x7" or "HH:MM-HH:MM" (opening before closing, both
// within the day) as minutes after local midnight.
func ParseHours(hours string) (open, close int, err error) {
	if hours == "24x7" {
		return 0, 24 * 60, nil
	}
	var oh, om, ch, cm int
	var rest string
	n, _ := fmt.Sscanf(hours+" end", "%d:%d-%d:%d %s", &oh, &om, &ch, &cm, &rest)
	open, close = oh*60+om, ch*60+cm
	if n != 5 || rest != "end" || om > 59 || cm > 59 || open < 0 || open >= close || close > 24*60 {
		return 0, 0, fmt.Errorf("hours %q: want 24x7 or HH:MM-HH:MM with opening before closing", hours)
	}
	return open, close, nil
}

// hours is Hours as minutes after local midnight; 24x7 is the whole day.
// A hand-built Region whose Hours do not parse is open all day; read
// fixtures never get that far, because Read refuses them.
func (r Region) hours() (open, close int) {
	if r.hoursParsed {
		return r.openMin, r.closeMin
	}
	open, close, err := ParseHours(r.Hours)
	if err != nil {
		return 0, 24 * 60
	}
	return open, close
}

// WithHours is the region open from one minute after local midnight to
// another (as ParseHours reads them) instead of its own hours: a
// timeline's change of hours.
func (r Region) WithHours(open, close int) Region {
	r.openMin, r.closeMin, r.hoursParsed = open, close, true
	return r
}

// Windows lists the openings of the days days starting with today in the
// region's time zone, leaving out any that ended before now. A whole-day
// window ends a minute before midnight, as DexCare's examples do.
func (r Region) Windows(now time.Time, days int) []Window {
	midnight := localMidnight(now, r.zone())
	open, close := r.hours()
	var out []Window
	for d := 0; d < days; d++ {
		day := midnight.AddDate(0, 0, d)
		win := Window{Start: atMinute(day, open), End: atMinute(day, close)}
		if close == 24*60 {
			win.End = atMinute(day.AddDate(0, 0, 1), 0).Add(-time.Minute)
		}
		if win.End.After(now) {
			out = append(out, Window{Start: win.Start.UTC(), End: win.End.UTC()})
		}
	}
	return out
}

// OpenAt reports whether now falls inside today's local opening hours.
func (r Region) OpenAt(now time.Time) bool {
	local := now.In(r.zone())
	open, close := r.hours()
	minute := local.Hour()*60 + local.Minute()
	return minute >= open && minute < close
}

func (r Region) zone() *time.Location {
	if r.loc == nil {
		return time.UTC
	}
	return r.loc
}

// atMinute is local midnight day plus m minutes, by the wall clock (so a
// daylight-saving day still opens at its stated hour).
func atMinute(day time.Time, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, day.Location())
}

// localMidnight is the start of the local day containing t.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
