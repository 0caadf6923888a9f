package fixturefile

import (
	"slices"
	"time"
)

// A department's schedule: on its Days, slots of SlotMinutes start every
// SlotMinutes from Open, the last one ending by Close, in its own time
// zone. The grid is computed from local wall times, so daylight-saving
// changes move the instants, not the clinic hours.

// opensOn reports whether the department works on the weekday.
func (d Department) opensOn(day time.Weekday) bool {
	return slices.Contains(d.Days, day.String()[:3])
}

// SlotStartsOn lists the slot starts of the local calendar day that
// contains t (read in the department's zone), in order.
func (d Department) SlotStartsOn(t time.Time) []time.Time {
	loc := d.Location()
	local := t.In(loc)
	if !d.opensOn(local.Weekday()) || d.SlotMinutes <= 0 {
		return nil
	}
	open, ok1 := wallClock(local, d.Open, loc)
	closing, ok2 := wallClock(local, d.Close, loc)
	if !ok1 || !ok2 {
		return nil
	}
	step := time.Duration(d.SlotMinutes) * time.Minute
	var out []time.Time
	for s := open; !s.Add(step).After(closing); s = s.Add(step) {
		out = append(out, s)
	}
	return out
}

// OnSchedule reports whether a slot of the given length starting at start
// is one of the department's slots.
func (d Department) OnSchedule(start time.Time, minutes int) bool {
	if minutes != d.SlotMinutes {
		return false
	}
	for _, s := range d.SlotStartsOn(start) {
		if s.Equal(start) {
			return true
		}
	}
	return false
}

// wallClock is "HH:MM" on the local day of day.
func wallClock(day time.Time, hhmm string, loc *time.Location) (time.Time, bool) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, false
	}
	y, m, dd := day.Date()
	return time.Date(y, m, dd, t.Hour(), t.Minute(), 0, 0, loc), true
}
