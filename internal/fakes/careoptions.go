package fakes

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// DefaultCareRadiusMiles is a Care Options search's radius when none is given.
const DefaultCareRadiusMiles = 30

// CareSearch is one Care Options search (POST /v1/availability/providers,
// POST and GET /v1/availability/slots): where, with whom, and when. It is
// what a searchContext repeats, so it holds the search only, not how an
// answer is laid out (daysOfSlots, userTimezone, sortBy). Lists filter
// when not empty; strings compare ignoring case.
type CareSearch struct {
	Latitude       *float64 `json:"latitude,omitempty"`
	Longitude      *float64 `json:"longitude,omitempty"`
	PostalCode     string   `json:"postalCode,omitempty"` // wins over latitude and longitude
	Radius         int      `json:"radius,omitempty"`     // miles; 0 is DefaultCareRadiusMiles
	DepartmentIDs  []string `json:"departmentIds,omitempty"`
	EHRInstances   []string `json:"ehrInstances,omitempty"`
	NPIs           []string `json:"npis,omitempty"`
	VisitTypeNames []string `json:"visitTypeNames,omitempty"`
	ClinicTypes    []string `json:"clinicTypes,omitempty"`
	Specialty      string   `json:"specialty,omitempty"`
	Gender         string   `json:"gender,omitempty"` // F, Female, M, Male...
	Patient        string   `json:"newOrEstablishedPatient,omitempty"`
	StartDate      string   `json:"startDate,omitempty"` // yyyy-MM-dd, each clinic's own day
	EndDate        string   `json:"endDate,omitempty"`
}

// CareOption is one provider's free slots in one department a search
// found. A retail site's options are its care team's.
type CareOption struct {
	Provider   Provider
	Department Department
	Distance   float64     // miles from the search's place, to a tenth; 0 without one
	VisitTypes []VisitType // the department's visit types the search admits
	Starts     []time.Time // free slot starts in the window, soonest first
}

// SearchCare runs a search at now. Options come nearest first (then in
// fixture order); a provider or department without a free slot in the
// window is left out. wide stretches a window without endDate to
// MaxSlotWindowDays (GET with daysOfSlots pages through it).
func (w *World) SearchCare(s CareSearch, now time.Time, wide bool) ([]CareOption, error) {
	depts, err := w.CareDepartments(s)
	if err != nil {
		return nil, err
	}
	q, err := s.slotQuery(now, wide)
	if err != nil {
		return nil, err
	}
	var out []CareOption
	for _, cd := range depts {
		out = append(out, w.departmentOptions(s, q, cd.Department, cd.Distance)...)
	}
	return out, nil
}

// CareDepartment is a department a search looks in, and how far it is
// from the search's place (0 without one).
type CareDepartment struct {
	Department Department
	Distance   float64
}

// CareDepartments lists the departments the search looks in, whether or
// not they have free slots: nearest first, then in fixture order.
func (w *World) CareDepartments(s CareSearch) ([]CareDepartment, error) {
	place, err := w.carePlace(s)
	if err != nil {
		return nil, err
	}
	var out []CareDepartment
	for _, d := range w.Fixtures.Departments {
		if dist, ok := s.admitsDepartment(d, place); ok {
			out = append(out, CareDepartment{d, dist})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Distance < out[j].Distance })
	return out, nil
}

// departmentOptions are the options of the providers working in d.
func (w *World) departmentOptions(s CareSearch, q SlotQuery, d Department, dist float64) []CareOption {
	var vts []VisitType
	for _, vt := range d.VisitTypes {
		if q.wantsVisitType(vt) {
			vts = append(vts, vt)
		}
	}
	if len(vts) == 0 {
		return nil
	}
	from, to := q.window(d.Location())
	var out []CareOption
	for _, p := range w.Fixtures.Providers {
		if !worksIn(p, d.ID) || !s.admitsProvider(p) {
			continue
		}
		if starts := w.FreeSlots(p.NPI, d, q.Now, from, to); len(starts) > 0 {
			out = append(out, CareOption{Provider: p, Department: d, Distance: dist, VisitTypes: vts, Starts: starts})
		}
	}
	return out
}

// carePlace is where the search looks around: the postal code's place,
// else the coordinates, else nowhere (departments and NPIs only).
func (w *World) carePlace(s CareSearch) (*GeoPoint, error) {
	if s.PostalCode != "" {
		p, ok := w.Fixtures.PostalCodes[s.PostalCode]
		if !ok {
			return nil, apierr.InvalidField("postalCode", "postalCode is not a postal code this mock knows (fixtures postalcodes.json)")
		}
		return &p, nil
	}
	switch {
	case s.Latitude != nil && s.Longitude != nil:
		return &GeoPoint{Latitude: *s.Latitude, Longitude: *s.Longitude}, nil
	case s.Latitude != nil:
		return nil, apierr.InvalidField("longitude", "longitude is required with latitude")
	case s.Longitude != nil:
		return nil, apierr.InvalidField("latitude", "latitude is required with longitude")
	}
	return nil, nil
}

// slotQuery is the search's window and visit type filters as a SlotQuery.
func (s CareSearch) slotQuery(now time.Time, wide bool) (SlotQuery, error) {
	q := SlotQuery{Now: now, VisitTypeNames: s.VisitTypeNames, Patient: s.Patient}
	for _, b := range []struct {
		name, raw string
		into      *DateBound
	}{{"startDate", s.StartDate, &q.Start}, {"endDate", s.EndDate, &q.End}} {
		if b.raw == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, b.raw); err != nil {
			return q, apierr.InvalidField(b.name, "%s must be a date (yyyy-MM-dd)", b.name)
		}
		*b.into = DateBound{Date: b.raw}
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.End.EndsBefore(q.Start) {
		return q, apierr.InvalidField("endDate", "endDate must not be before startDate")
	}
	if wide {
		q.DaysOfSlots = 1 // only widens the window; callers page themselves
	}
	return q, nil
}

// admitsDepartment applies the department filters and the radius, and
// says how far d is from place.
func (s CareSearch) admitsDepartment(d Department, place *GeoPoint) (float64, bool) {
	if len(s.DepartmentIDs) > 0 && !slices.Contains(s.DepartmentIDs, d.ID) ||
		len(s.EHRInstances) > 0 && !containsFold(s.EHRInstances, d.EHRSystemName) ||
		len(s.ClinicTypes) > 0 && !containsFold(s.ClinicTypes, d.ClinicType) {
		return 0, false
	}
	if place == nil {
		return 0, true
	}
	at, ok := d.Place()
	if !ok {
		return 0, false
	}
	dist := math.Round(MilesBetween(*place, at)*10) / 10
	return dist, dist <= float64(s.radius())
}

func (s CareSearch) radius() int {
	if s.Radius > 0 {
		return s.Radius
	}
	return DefaultCareRadiusMiles
}

// admitsProvider applies the provider filters.
func (s CareSearch) admitsProvider(p Provider) bool {
	switch {
	case len(s.NPIs) > 0 && !slices.Contains(s.NPIs, p.NPI):
		return false
	case s.Specialty != "" && !containsFold(p.Specialties, s.Specialty):
		return false
	}
	return s.Gender == "" || p.Gender != "" && genderKey(s.Gender) == genderKey(p.Gender)
}

// genderKey reads F, Female, 'female' (the published example's forms) alike.
func genderKey(g string) string {
	g = strings.ToLower(strings.Trim(strings.TrimSpace(g), "'\""))
	switch g {
	case "f":
		return "female"
	case "m":
		return "male"
	}
	return g
}
