package mirror

import (
	"fmt"
	"sort"
	"time"
)

// clinicSchedule is a department's weekly grid as fixtures write it: on
// Days, slots of SlotMinutes every SlotMinutes from Open, the last ending
// by Close, in the department's zone.
type clinicSchedule struct {
	Days        []string
	Open, Close string
	SlotMinutes int
	// SeenDays counts the local dates that had a free slot.
	SeenDays int
	// Notes say where the slots did not fit one weekly grid.
	Notes []string
}

// weekdays in fixture order and spelling.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// inferSchedule reads the grid off the free slots seen. Opening is the
// earliest local start of any day, closing the latest end: a slot
// booked on every day at the edge of the day looks like shorter hours,
// which is why the report calls these guesses.
func inferSchedule(starts []time.Time, durations map[int]int, loc *time.Location) (clinicSchedule, bool) {
	if len(starts) == 0 {
		return clinicSchedule{}, false
	}
	s := clinicSchedule{SlotMinutes: commonest(durations)}
	if len(durations) > 1 {
		s.Notes = append(s.Notes, fmt.Sprintf("slots of %d lengths; the mock's grid has one, %d minutes", len(durations), s.SlotMinutes))
	}
	byDate := map[string][2]int{} // local date → earliest start, latest start (minutes)
	onDay := map[time.Weekday]bool{}
	open, last := 24*60, 0
	for _, t := range starts {
		l := t.In(loc)
		m := l.Hour()*60 + l.Minute()
		open, last = min(open, m), max(last, m)
		onDay[l.Weekday()] = true
		d := l.Format(time.DateOnly)
		if span, ok := byDate[d]; ok {
			byDate[d] = [2]int{min(span[0], m), max(span[1], m)}
		} else {
			byDate[d] = [2]int{m, m}
		}
	}
	for _, wd := range weekdays {
		if onDay[wd] {
			s.Days = append(s.Days, wd.String()[:3])
		}
	}
	s.SeenDays = len(byDate)
	closeMin := last + s.SlotMinutes
	if closeMin > 23*60+59 {
		closeMin = 23*60 + 59
		s.Notes = append(s.Notes, "the last slot runs past midnight, which the mock's grid cannot hold; closing set to 23:59")
	}
	s.Open, s.Close = clock(open), clock(closeMin)
	s.Notes = append(s.Notes, gridNotes(starts, loc, open, s.SlotMinutes)...)
	s.Notes = append(s.Notes, spanNotes(byDate, open, last)...)
	return s, true
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// commonest is the most frequent key (the smallest on a tie).
func commonest(counts map[int]int) int {
	best, n := 0, -1
	for k, c := range counts {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// gridNotes counts the slots that do not start a whole number of slot
// lengths after opening.
func gridNotes(starts []time.Time, loc *time.Location, open, step int) []string {
	if step <= 0 {
		return []string{"no slot length seen"}
	}
	off := 0
	for _, t := range starts {
		l := t.In(loc)
		if (l.Hour()*60+l.Minute()-open)%step != 0 {
			off++
		}
	}
	if off == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d slots start off the %d-minute grid from %s; the mock lists only the grid", off, step, clock(open))}
}

// spanNotes says how many days (other than the first, which the
// recording instant cuts) opened later or closed earlier than the rest.
func spanNotes(byDate map[string][2]int, open, last int) []string {
	dates := make([]string, 0, len(byDate))
	for d := range byDate {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	short := 0
	for _, d := range dates[1:] {
		if span := byDate[d]; span[0] != open || span[1] != last {
			short++
		}
	}
	if short == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d days opened later or closed earlier than the others (booked slots at the edges, or hours that differ by day); the mock keeps one opening and closing for every day",
		short, len(dates)-1)}
}
