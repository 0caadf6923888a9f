package mirror

import (
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
)

// windows are n daily windows opening and closing at local wall times in
// zone, from the local date start, as a practice answer lists them.
func windows(t *testing.T, zone, start, open, close string, n int) []dexcare.Window {
	t.Helper()
	loc, _ := time.LoadLocation(zone)
	day, _ := time.ParseInLocation(time.DateOnly, start, loc)
	var out []dexcare.Window
	for i := range n {
		d := day.AddDate(0, 0, i).Format(time.DateOnly)
		s, _ := time.ParseInLocation("2006-01-02 15:04", d+" "+open, loc)
		e, _ := time.ParseInLocation("2006-01-02 15:04", d+" "+close, loc)
		out = append(out, dexcare.Window{Start: s.UTC().Format("2006-01-02T15:04:05.000Z"), End: e.UTC().Format("2006-01-02T15:04:05.000Z")})
	}
	return out
}

func TestInferHours(t *testing.T) {
	for _, c := range []struct {
		name, code, zone, open, close string
		wantZone, wantHours           string
	}{
		// The week crosses the end of daylight saving (3 Nov 2024): the
		// instants move an hour, the wall times do not.
		{"across DST", "NY", "America/New_York", "06:30", "22:30", "America/New_York", "06:30-22:30"},
		{"whole days", "HI", "Pacific/Honolulu", "00:00", "23:59", "Pacific/Honolulu", "24x7"},
		{"open to midnight", "TX", "America/Chicago", "07:00", "23:59", "America/Chicago", "07:00-24:00"},
		// Arizona keeps no daylight saving: Denver's zone would not fit
		// the week, Phoenix's does.
		{"no DST in the state", "AZ", "America/Phoenix", "08:00", "20:00", "America/Phoenix", "08:00-20:00"},
		// Not a state: the first zone whose wall times fit.
		{"not a state", "ONT", "America/Toronto", "09:00", "17:00", "America/New_York", "09:00-17:00"},
		// Zones with the same daylight-saving rules differ only by their
		// offset: Chicago's 09:00-17:00 reads as Indiana's 10:00-18:00,
		// the same instants on every day, so the mock opens and closes
		// when the tier does.
		{"another zone of the same rules", "IN", "America/Chicago", "09:00", "17:00", "America/Indiana/Indianapolis", "10:00-18:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := inferHours(c.code, windows(t, c.zone, "2024-10-30", c.open, c.close, 7))
			if err != nil || h.Timezone != c.wantZone || h.Hours != c.wantHours || h.Gaps {
				t.Errorf("got %+v, %v; want %s %s", h, err, c.wantZone, c.wantHours)
			}
		})
	}
}

func TestInferHoursRefusesWhatNoZoneFits(t *testing.T) {
	w := windows(t, "America/New_York", "2024-10-30", "09:00", "17:00", 3)
	w = append(w, windows(t, "America/New_York", "2024-11-02", "10:00", "17:00", 1)...)
	if h, err := inferHours("NY", w); err == nil {
		t.Errorf("windows opening at two wall times read as %+v", h)
	}
	if _, err := inferHours("NY", nil); err == nil {
		t.Error("no windows read as hours")
	}
}

func TestInferHoursNotesClosedDays(t *testing.T) {
	w := windows(t, "America/Denver", "2024-06-03", "08:00", "20:00", 7)
	w = append(w[:2], w[3:]...) // closed on the third day
	h, err := inferHours("MT", w)
	if err != nil || !h.Gaps || h.Hours != "08:00-20:00" {
		t.Errorf("got %+v, %v; want the gap noted", h, err)
	}
}

// slotsOn makes the grid of a clinic open on days at open–close in
// minutes-long slots, over n days from start, without the slots in skip.
func slotsOn(zone, start string, n int, days map[time.Weekday]bool, open, close, minutes int, skip func(time.Time) bool) []time.Time {
	loc, _ := time.LoadLocation(zone)
	day, _ := time.ParseInLocation(time.DateOnly, start, loc)
	var out []time.Time
	for i := range n {
		d := day.AddDate(0, 0, i)
		if !days[d.Weekday()] {
			continue
		}
		for m := open; m+minutes <= close; m += minutes {
			s := time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, loc)
			if skip == nil || !skip(s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestInferSchedule(t *testing.T) {
	loc, _ := time.LoadLocation("America/New_York")
	tueThuSat := map[time.Weekday]bool{time.Tuesday: true, time.Thursday: true, time.Saturday: true}
	now := time.Date(2024, 10, 31, 11, 0, 0, 0, loc) // a Thursday: the morning's slots are gone
	starts := slotsOn("America/New_York", "2024-10-31", 14, tueThuSat, 600, 870, 45, func(s time.Time) bool { return !s.After(now) })
	s, ok := inferSchedule(starts, map[int]int{45: len(starts)}, loc)
	if !ok || s.Open != "10:00" || s.Close != "14:30" || s.SlotMinutes != 45 || len(s.Notes) != 0 {
		t.Fatalf("got %+v", s)
	}
	if got := s.Days; len(got) != 3 || got[0] != "Tue" || got[1] != "Thu" || got[2] != "Sat" {
		t.Errorf("days %v", got)
	}
}

func TestInferScheduleSaysWhatDoesNotFit(t *testing.T) {
	loc, _ := time.LoadLocation("America/Chicago")
	weekdays := map[time.Weekday]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true}
	// Every Friday's first slot is booked; one slot starts off the grid.
	starts := slotsOn("America/Chicago", "2024-06-03", 14, weekdays, 480, 1080, 15, func(s time.Time) bool {
		return s.Weekday() == time.Friday && s.Hour() == 8 && s.Minute() == 0
	})
	starts = append(starts, time.Date(2024, 6, 4, 12, 7, 0, 0, loc))
	s, ok := inferSchedule(starts, map[int]int{15: len(starts) - 1, 20: 1}, loc)
	if !ok || s.Open != "08:00" || s.Close != "18:00" || s.SlotMinutes != 15 {
		t.Fatalf("got %+v", s)
	}
	if len(s.Notes) != 3 {
		t.Errorf("want notes on two lengths, one slot off the grid and two Fridays opening late; got %q", s.Notes)
	}
}

func TestInferHandle(t *testing.T) {
	for _, c := range []struct {
		est  []int
		want int
		ok   bool
	}{
		{[]int{450, 900, 225, 300}, 900, true}, // 2, 1, 4 and 3 on call
		{[]int{200, 600, 300}, 600, true},
		{[]int{400, 300}, 1200, true}, // nobody alone on call: 3 and 4
		{nil, defaultHandleSeconds, false},
	} {
		if got, ok := inferHandle(c.est); got != c.want || ok != c.ok {
			t.Errorf("inferHandle(%v) = %d, %v; want %d, %v", c.est, got, ok, c.want, c.ok)
		}
	}
}

func TestOnCallFrom(t *testing.T) {
	est := func(n int) *int { return &n }
	for _, c := range []struct {
		w    dexcare.WaitTime
		want poolCount
	}{
		{dexcare.WaitTime{Available: true, EstimatedWaitTimeSeconds: est(300)}, poolCount{n: 3, seen: true}},
		{dexcare.WaitTime{Reason: reasonNoOnCall}, poolCount{n: 0, seen: true}},
		{dexcare.WaitTime{Reason: reasonOffHours}, poolCount{n: 1, why: "the region was closed (OFF_HOURS)"}},
		{dexcare.WaitTime{Reason: reasonBusy}, poolCount{n: 1, why: "the region was busy (REGION_BUSY)"}},
	} {
		if got := onCallFrom(c.w, 900); got != c.want {
			t.Errorf("%+v: got %+v, want %+v", c.w, got, c.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	p := newPrecedence()
	for _, it := range []string{"e", "d", "c", "b", "a"} {
		p.meet(it)
	}
	p.list([]string{"a", "a", "c"}) // a before c
	p.list([]string{"b", "d"})      // b before d
	got := p.order([]string{"a", "b", "c", "d", "e"})
	// Met e, d, c, b, a; learned a<c and b<d: e first (free, met first),
	// then b (d waits for it), d, a, c.
	if want := []string{"e", "b", "d", "a", "c"}; !equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	p.list([]string{"c", "a"}) // a cycle, as a drifting tier might answer
	if got := p.order([]string{"a", "c"}); len(got) != 2 {
		t.Errorf("a cycle lost items: %v", got)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
