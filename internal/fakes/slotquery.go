package fakes

import (
	"regexp"
	"strings"
	"time"
)

// Windows of the time slots listing.
const (
	// DefaultSlotWindowDays is how many days a listing covers when the
	// client gives no endDate (and no daysOfSlots).
	DefaultSlotWindowDays = 14
	// MaxSlotWindowDays bounds any listing, and is the horizon daysOfSlots
	// pages search up to; the published spec calls its default end "a
	// configured limit such as 90 days".
	MaxSlotWindowDays = 90
)

// DateBound is a startDate or endDate as the timeslots endpoint takes it:
// either a calendar date (read in each department's own time zone) or an
// instant. The zero value is "not given".
type DateBound struct {
	Date    string // YYYY-MM-DD
	Instant time.Time
}

var dateBoundPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ParseDateBound reads "2021-01-01", "2021-01-01T09:30:00-05:00" or
// "2021-01-01T14:30:00Z".
func ParseDateBound(s string) (DateBound, bool) {
	if dateBoundPattern.MatchString(s) {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return DateBound{}, false
		}
		return DateBound{Date: s}, true
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return DateBound{}, false
	}
	return DateBound{Instant: t}, true
}

// IsZero reports whether the bound was not given.
func (b DateBound) IsZero() bool { return b.Date == "" && b.Instant.IsZero() }

// asStart is the bound as the first instant it admits, in loc for a date.
func (b DateBound) asStart(loc *time.Location) time.Time {
	if b.Date == "" {
		return b.Instant
	}
	t, _ := time.ParseInLocation(time.DateOnly, b.Date, loc)
	return t
}

// asEnd is the bound as the first instant it no longer admits: a date
// includes its whole local day.
func (b DateBound) asEnd(loc *time.Location) time.Time {
	if b.Date == "" {
		return b.Instant
	}
	return nextLocalDay(b.asStart(loc))
}

// EndsBefore reports whether b, taken as an endDate, lies before start,
// taken as a startDate: dates compare as dates; otherwise a date is read
// at UTC midnight, the most a check that knows no clinic can do.
func (b DateBound) EndsBefore(start DateBound) bool {
	if b.Date != "" && start.Date != "" {
		return b.Date < start.Date
	}
	return b.asEnd(time.UTC).Before(start.asStart(time.UTC))
}

// SlotQuery selects a provider's free slots. Zero fields do not filter.
type SlotQuery struct {
	Now         time.Time // slots starting at or before now are never listed
	Start, End  DateBound
	DaysOfSlots int // page by days that have slots

	VisitTypeNames    []string
	VisitTypeIDs      []string
	Patient           string // newPatient, establishedPatient or bothNewAndEstablishedPatient
	DepartmentID      string // with EHRSystemName
	EHRSystemName     string // alone, every department of that EHR instance
	DepartmentURLName string

	// WindowDays is how far a listing without endDate (or daysOfSlots)
	// reaches; 0 is DefaultSlotWindowDays.
	WindowDays int
}

// wantsDepartment applies the department filters.
func (q SlotQuery) wantsDepartment(d Department) bool {
	if q.DepartmentID != "" && d.ID != q.DepartmentID {
		return false
	}
	if q.EHRSystemName != "" && !strings.EqualFold(d.EHRSystemName, q.EHRSystemName) {
		return false
	}
	return q.DepartmentURLName == "" || strings.EqualFold(d.URLName, q.DepartmentURLName)
}

// wantsVisitType applies the visit type filters; names and ids must both
// match when both are given, as the published spec says.
func (q SlotQuery) wantsVisitType(vt VisitType) bool {
	if len(q.VisitTypeNames) > 0 && !containsFold(q.VisitTypeNames, vt.Name) {
		return false
	}
	if len(q.VisitTypeIDs) > 0 && !containsFold(q.VisitTypeIDs, vt.ID) {
		return false
	}
	switch q.Patient {
	case "newPatient":
		return vt.ForNewPatient
	case "establishedPatient":
		return vt.ForEstablishedPatient
	}
	return true
}

// window is the span [from, to) the query lists in department d, and the
// horizon daysOfSlots pages may reach.
func (q SlotQuery) window(loc *time.Location) (from, to time.Time) {
	from = q.Now
	if !q.Start.IsZero() && q.Start.asStart(loc).After(from) {
		from = q.Start.asStart(loc)
	}
	limit := localMidnight(from, loc).AddDate(0, 0, MaxSlotWindowDays)
	switch {
	case !q.End.IsZero():
		to = q.End.asEnd(loc)
	case q.DaysOfSlots > 0:
		to = limit
	default:
		to = localMidnight(from, loc).AddDate(0, 0, q.windowDays())
	}
	if to.After(limit) {
		to = limit
	}
	return from, to
}

func (q SlotQuery) windowDays() int {
	if q.WindowDays > 0 {
		return q.WindowDays
	}
	return DefaultSlotWindowDays
}
