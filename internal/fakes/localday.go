package fakes

import "time"

// Slot windows and pages are counted in a department's local days.

// localMidnight is the start of the local day containing t.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// nextLocalDay is the start of the local day after the one starting at midnight.
func nextLocalDay(midnight time.Time) time.Time {
	y, m, d := midnight.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, midnight.Location())
}
