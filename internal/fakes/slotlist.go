package fakes

import (
	"strings"
	"time"
)

// DepartmentSlots are a provider's free slots in one department.
type DepartmentSlots struct {
	Department Department
	NPI        string
	VisitTypes []VisitTypeSlots
}

// VisitTypeSlots are the free slots offered for one visit type, by day.
type VisitTypeSlots struct {
	VisitType VisitType
	Days      []SlotDay
	// Paged is set when the query used daysOfSlots; then PreviousEnd and
	// NextStart ("" for none) say where the neighbouring pages are.
	Paged                  bool
	PreviousEnd, NextStart string
}

// SlotDay is one local date's free slot starts, soonest first.
type SlotDay struct {
	Date   string
	Starts []time.Time
}

// ProviderSlots lists the provider's free slots per department the
// provider works in and the query admits, in fixture order. Departments
// and visit types without a free slot are left out.
func (w *World) ProviderSlots(p Provider, q SlotQuery) []DepartmentSlots {
	var out []DepartmentSlots
	for _, id := range p.Departments {
		d, ok := w.Fixtures.Department(id)
		if !ok || !q.wantsDepartment(d) {
			continue
		}
		if ds, ok := w.departmentSlots(p.NPI, d, q); ok {
			out = append(out, ds)
		}
	}
	return out
}

func (w *World) departmentSlots(npi string, d Department, q SlotQuery) (DepartmentSlots, bool) {
	loc := d.Location()
	from, to := q.window(loc)
	days := groupByDay(w.FreeSlots(npi, d, q.Now, from, to), loc)
	page := VisitTypeSlots{Days: days, Paged: q.DaysOfSlots > 0}
	if page.Paged {
		page = w.pageDays(npi, d, q, days, from)
	}
	if len(page.Days) == 0 {
		return DepartmentSlots{}, false
	}
	ds := DepartmentSlots{Department: d, NPI: npi}
	for _, vt := range d.VisitTypes {
		if q.wantsVisitType(vt) {
			v := page
			v.VisitType = vt
			ds.VisitTypes = append(ds.VisitTypes, v)
		}
	}
	return ds, len(ds.VisitTypes) > 0
}

// pageDays cuts the first DaysOfSlots days with slots and says where the
// neighbouring pages start and end.
func (w *World) pageDays(npi string, d Department, q SlotQuery, days []SlotDay, from time.Time) VisitTypeSlots {
	page := VisitTypeSlots{Paged: true, Days: days}
	if len(days) > q.DaysOfSlots {
		page.Days = days[:q.DaysOfSlots]
		page.NextStart = days[q.DaysOfSlots].Date
	}
	if len(page.Days) == 0 {
		return page
	}
	firstDay, _ := time.ParseInLocation(time.DateOnly, page.Days[0].Date, d.Location())
	if from.After(q.Now) && len(w.FreeSlots(npi, d, q.Now, q.Now, firstDay)) > 0 {
		page.PreviousEnd = firstDay.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return page
}

// FreeSlots lists the department's slot starts in [from, to) that lie
// strictly after now and are not taken from npi (a retail department's
// slots are its own, whichever NPI asks), soonest first.
func (w *World) FreeSlots(npi string, d Department, now, from, to time.Time) []time.Time {
	k := DepartmentSlotKey(npi, d, now)
	taken := w.Slots.TakenStarts(k.NPI, k.DepartmentID)
	var out []time.Time
	for day := localMidnight(from, d.Location()); day.Before(to); day = nextLocalDay(day) {
		for _, s := range d.SlotStartsOn(day) {
			if s.After(now) && !s.Before(from) && s.Before(to) && !taken[s.Unix()] {
				out = append(out, s)
			}
		}
	}
	return out
}

// NextFreeSlots is up to n free slots starting after now, within the
// listing horizon.
func (w *World) NextFreeSlots(npi string, d Department, now time.Time, n int) []time.Time {
	slots := w.FreeSlots(npi, d, now, now, now.AddDate(0, 0, MaxSlotWindowDays))
	if len(slots) > n {
		slots = slots[:n]
	}
	return slots
}

func groupByDay(starts []time.Time, loc *time.Location) []SlotDay {
	var days []SlotDay
	for _, s := range starts {
		date := s.In(loc).Format(time.DateOnly)
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, SlotDay{Date: date})
		}
		days[len(days)-1].Starts = append(days[len(days)-1].Starts, s)
	}
	return days
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
