package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/fakes"
)

// careSearchJSON is the search both Care Options POST bodies share
// (CareSearchFields); the spec has checked ranges and which place fields
// are present.
type careSearchJSON struct {
	Latitude       *float64 `json:"latitude"`
	Longitude      *float64 `json:"longitude"`
	PostalCode     string   `json:"postalCode"`
	Radius         int      `json:"radius"`
	DepartmentIDs  []string `json:"departmentIds"`
	EHRInstances   []string `json:"ehrInstances"`
	ClinicTypes    []string `json:"clinicTypes"`
	Specialty      string   `json:"specialty"`
	Gender         string   `json:"gender"`
	VisitTypeNames []string `json:"visitTypeNames"`
	Patient        *struct {
		PatientID     string `json:"patientId"`
		PatientIDType string `json:"patientIdType"`
		EHRInstance   string `json:"ehrInstance"`
	} `json:"patient"`
}

// search is the body as a fakes search. The published file calls
// latitude with postalCode a mistake in the POST searches (the GET
// search lets postalCode win instead).
func (b careSearchJSON) search() (fakes.CareSearch, error) {
	if b.PostalCode != "" && (b.Latitude != nil || b.Longitude != nil) {
		return fakes.CareSearch{}, apierr.InvalidField("postalCode", "postalCode cannot be combined with latitude and longitude")
	}
	return fakes.CareSearch{
		Latitude: b.Latitude, Longitude: b.Longitude, PostalCode: b.PostalCode, Radius: b.Radius,
		DepartmentIDs: b.DepartmentIDs, EHRInstances: b.EHRInstances, ClinicTypes: b.ClinicTypes,
		Specialty: b.Specialty, Gender: b.Gender, VisitTypeNames: b.VisitTypeNames,
	}, nil
}

// careProvidersBody is POST /v1/availability/providers's request.
type careProvidersBody struct {
	careSearchJSON
	SortBy string `json:"sortBy"`
}

// availableProviders lists providers with free slots (POST /v1/availability/providers).
func (s *Server) availableProviders(c *Call, body *careProvidersBody) (Answer, error) {
	_, opts, err := runCareSearch(c, body)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, careProvidersBodyOf(fakes.SortCareOptions(opts, body.SortBy))), nil
}

// careSearcher is a POST search body: it knows the search it asks for.
type careSearcher interface {
	search() (fakes.CareSearch, error)
}

// runCareSearch runs a POST search body's search.
func runCareSearch(c *Call, body careSearcher) (fakes.CareSearch, []fakes.CareOption, error) {
	search, err := body.search()
	if err != nil {
		return search, nil, err
	}
	opts, err := c.World.SearchCare(search, c.Now, false)
	return search, opts, err
}

// careSlotsBody is POST /v1/availability/slots's request.
type careSlotsBody struct {
	careSearchJSON
	ClinicianNPIs    []string `json:"clinicianNPIs"`
	StartDate        string   `json:"startDate"`
	EndDate          string   `json:"endDate"`
	NewOrEstablished string   `json:"newOrEstablishedPatient"`
	SearchContext    *string  `json:"searchContext"`
}

// search is the body's search, or the one its searchContext repeats.
func (b careSlotsBody) search() (fakes.CareSearch, error) {
	if b.SearchContext != nil {
		if !b.contextAlone() {
			return fakes.CareSearch{}, apierr.InvalidField("searchContext", "searchContext must be sent alone")
		}
		return fakes.ParseSearchContext(*b.SearchContext)
	}
	s, err := b.careSearchJSON.search()
	s.NPIs, s.StartDate, s.EndDate, s.Patient = b.ClinicianNPIs, b.StartDate, b.EndDate, b.NewOrEstablished
	return s, err
}

// contextAlone reports whether the body holds no search field beside its
// searchContext (radius aside: request validation fills in its default).
func (b careSlotsBody) contextAlone() bool {
	rest := b
	rest.SearchContext = nil
	s, _ := rest.search()
	if s.Radius == fakes.DefaultCareRadiusMiles {
		s.Radius = 0
	}
	return s.Context() == (fakes.CareSearch{}).Context()
}

// aggregatedSlots lists free slot times across providers (POST /v1/availability/slots).
func (s *Server) aggregatedSlots(c *Call, body *careSlotsBody) (Answer, error) {
	search, opts, err := runCareSearch(c, body)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, careSlotsBodyOf(opts, search.Context())), nil
}

// getAggregatedSlots pages free slot times by visit type and day (GET /v1/availability/slots).
func (s *Server) getAggregatedSlots(c *Call) (Answer, error) {
	q, err := careSlotsQueryFrom(c.Query())
	if err != nil {
		return Answer{}, err
	}
	wide := q.search
	wide.StartDate = "" // paged from now, so the page before startDate is known
	opts, err := c.World.SearchCare(wide, c.Now, true)
	if err != nil {
		return Answer{}, err
	}
	loc := q.zone
	if loc == nil {
		loc = time.UTC
		if len(opts) > 0 {
			loc = opts[0].Department.Location()
		}
	}
	groups := fakes.SlotsByVisitType(opts, loc, q.search.StartDate, q.daysOfSlots)
	return JSON(http.StatusOK, careSlotsByVisitTypeBodyOf(opts, groups, loc, q.search.Context())), nil
}

// careSlotsQuery is the GET search's query string.
type careSlotsQuery struct {
	search      fakes.CareSearch
	daysOfSlots int
	zone        *time.Location // userTimezone; nil for the nearest department's
}

// careSlotsQueryFrom reads the query; the spec has checked each
// parameter's shape. List parameters may also hold comma-separated values.
func careSlotsQueryFrom(v url.Values) (careSlotsQuery, error) {
	q := careSlotsQuery{search: fakes.CareSearch{
		PostalCode: v.Get("postalCode"), DepartmentIDs: commaList(v["departmentEmrIds"]),
		EHRInstances: commaList(v["ehrInstances"]), NPIs: commaList(v["npis"]),
		VisitTypeNames: commaList(v["visitTypeNames"]), ClinicTypes: commaList(v["clinicTypes"]),
		Specialty: v.Get("specialty"), Gender: v.Get("gender"), Patient: v.Get("newOrEstablishedPatient"),
		StartDate: v.Get("startDate"), EndDate: v.Get("endDate"),
	}}
	q.daysOfSlots, _ = strconv.Atoi(v.Get("daysOfSlots"))
	q.search.Radius, _ = strconv.Atoi(v.Get("radius"))
	if q.search.PostalCode == "" { // postalCode wins over coordinates
		q.search.Latitude, q.search.Longitude = floatParam(v, "latitude"), floatParam(v, "longitude")
	}
	if s := q.search; s.PostalCode == "" && s.Latitude == nil && s.Longitude == nil && len(s.DepartmentIDs) == 0 && len(s.NPIs) == 0 {
		return q, apierr.InvalidField("latitude", "one of latitude and longitude, postalCode, departmentEmrIds or npis is required")
	}
	if tz := v.Get("userTimezone"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return q, apierr.InvalidField("userTimezone", "userTimezone must be an IANA time zone such as America/Los_Angeles")
		}
		q.zone = loc
	}
	return q, nil
}

// commaList splits each value on commas and drops empty entries.
func commaList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func floatParam(v url.Values, name string) *float64 {
	if !v.Has(name) {
		return nil
	}
	f, err := strconv.ParseFloat(v.Get(name), 64)
	if err != nil {
		return nil // the spec has refused it already
	}
	return &f
}
