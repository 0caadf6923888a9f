package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const (
	careProvidersPath = "/v1/availability/providers"
	careSlotsPath     = "/v1/availability/slots"
	acmeTeamNPI       = "1902100004"
	acmeC4Key         = "epic.acme|900100004"
)

type careProviders struct {
	Results []struct {
		NPI, Name, DepartmentID, DepartmentName, EHRInstance, ClinicType, Timezone string
		Gender                                                                     *string
		Specialties                                                                []string
		DistanceFrom                                                               float64
		Address                                                                    map[string]string
		VisitTypes                                                                 []struct {
			VisitTypeID, VisitTypeName string
			Availability               struct{ WindowDays, SlotCount int }
		}
	}
}

type careOption struct {
	NPI, DepartmentEhrIdentifier, VisitTypeID, SlotID string
	Duration                                          int
}

type careSlots struct {
	Slots []struct {
		SlotDateTime, VisitTypeName string
		ProviderOptions             []careOption
	}
	Providers map[string]struct {
		Name        string
		Gender      *string
		Specialties []string
	}
	Departments map[string]struct {
		DepartmentID, EHRInstance, DepartmentName, Timezone, ClinicType, DepartmentGUID string
		DistanceFrom                                                                    float64
	}
	SearchContext string
}

func postCare[T any](t *testing.T, m *mockdextest.Server, path, body string) T {
	t.Helper()
	resp := m.Do("POST", path, body, m.XAPIKey())
	var out T
	m.ReadJSON(resp, &out)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return out
}

func TestCareProvidersNearAPostalCode(t *testing.T) {
	m := mockdextest.NewServer(t)
	got := postCare[careProviders](t, m, careProvidersPath, `{"postalCode":"98104","patient":{"patientId":"900332632","patientIdType":"MRN","ehrInstance":"ehr.region"}}`)
	require.Len(t, got.Results, 4)
	team := got.Results[0]
	assert.Equal(t, []string{acmeTeamNPI, "Acme Clinic 4 Care Team", "900100004", "Acme Clinic 4", "epic.acme", "Retail", "America/Los_Angeles"},
		[]string{team.NPI, team.Name, team.DepartmentID, team.DepartmentName, team.EHRInstance, team.ClinicType, team.Timezone})
	assert.Nil(t, team.Gender, "a care team has no gender")
	assert.Equal(t, "98104", team.Address["postalCode"])
	require.Len(t, team.VisitTypes, 1)
	assert.Equal(t, 14, team.VisitTypes[0].Availability.WindowDays)
	assert.Equal(t, 32+13*36, team.VisitTypes[0].Availability.SlotCount, "Monday after 09:00, then 13 days of 36 slots")
	for i := 1; i < len(got.Results); i++ {
		assert.GreaterOrEqual(t, team.VisitTypes[0].Availability.SlotCount, got.Results[i].VisitTypes[0].Availability.SlotCount, "most available first")
	}

	soonest := postCare[careProviders](t, m, careProvidersPath, `{"postalCode":"98104","sortBy":"nextAvailable","gender":"female","specialty":"family medicine"}`)
	require.Len(t, soonest.Results, 2, "Jenny at Kent and at Everett")
	assert.Equal(t, "Female", *soonest.Results[0].Gender)
	assert.Equal(t, []string{"Family Medicine"}, soonest.Results[0].Specialties)
}

// A retail time found through Care Options books through /retail, and
// the hand-off re-runs the search when the time is gone.
func TestCareOptionsRetailTimeBooksThroughRetail(t *testing.T) {
	m := mockdextest.NewServer(t)
	got := postCare[careSlots](t, m, careSlotsPath, `{"postalCode":"98104","radius":5,"visitTypeNames":["Illness"]}`)
	require.NotEmpty(t, got.Slots)
	first := got.Slots[0]
	assert.Equal(t, "Illness", first.VisitTypeName)
	require.Len(t, first.ProviderOptions, 1)
	assert.Equal(t, careOption{NPI: acmeTeamNPI, DepartmentEhrIdentifier: acmeC4Key, VisitTypeID: "3000001", Duration: 20, SlotID: first.ProviderOptions[0].SlotID}, first.ProviderOptions[0])
	assert.Equal(t, "Acme Clinic 4 Care Team", got.Providers[acmeTeamNPI].Name)
	assert.Equal(t, "Retail", got.Departments[acmeC4Key].ClinicType)
	require.NotEmpty(t, got.SearchContext)

	handoff := "/retail?" + url.Values{"timeSlot": {first.SlotDateTime}, "brand": {"Acme"}, "aggregate": {"true"}, "searchContext": {got.SearchContext}}.Encode()
	page := m.ReadBody(m.Do("GET", handoff, ""))
	require.Contains(t, page, "Book your visit")
	assert.Contains(t, page, `name="departmentUrlName" value="AcmeC4"`)
	status, done := postRetail(t, m, func(f url.Values) {
		f.Set("timeSlot", first.SlotDateTime)
		f.Set("searchContext", got.SearchContext)
	})
	require.Equal(t, http.StatusOK, status, done)
	assert.Contains(t, done, "Your visit is booked")

	again := postCare[careSlots](t, m, careSlotsPath, `{"searchContext":"`+got.SearchContext+`"}`)
	assert.NotEqual(t, first.SlotDateTime, again.Slots[0].SlotDateTime, "the booked time left Care Options")
	assert.Equal(t, got.Slots[1].SlotDateTime, again.Slots[0].SlotDateTime)
	gone := m.ReadBody(m.Do("GET", handoff, ""))
	assert.Contains(t, gone, "no longer available")
	assert.Contains(t, gone, "timeSlot="+url.QueryEscape(again.Slots[0].SlotDateTime), "alternatives come from the search, re-run")
	assert.Contains(t, gone, "searchContext="+got.SearchContext)
}

// A provider time found through Care Options books through providerbooking
// with its slotId, and leaves Care Options; an EHR hold does too.
func TestCareOptionsProviderTimeBooks(t *testing.T) {
	m := mockdextest.NewServer(t)
	search := `{"departmentIds":["` + kentDept + `"],"clinicianNPIs":["` + jennyNPI + `"],"visitTypeNames":["NewPatient"],"startDate":"2024-06-04","endDate":"2024-06-04"}`
	got := postCare[careSlots](t, m, careSlotsPath, search)
	require.Len(t, got.Slots, 18)
	assert.Equal(t, "2024-06-04T08:10:00-07:00", got.Slots[0].SlotDateTime)
	resp := m.Do("POST", bookingPath, bookingBody(got.Slots[0].ProviderOptions[0].SlotID, nil), m.Bearer(patientA))
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", slotTakenPath, slotEvent(got.Slots[1].SlotDateTime), m.XAPIKey())
	require.Equal(t, http.StatusNoContent, resp.StatusCode)

	after := postCare[careSlots](t, m, careSlotsPath, search)
	require.Len(t, after.Slots, 16)
	assert.Equal(t, got.Slots[2].SlotDateTime, after.Slots[0].SlotDateTime)
	assert.Zero(t, after.Departments[provwamt+"|"+kentDept].DistanceFrom, "no place, no distance")
}

func TestCareSlotsByVisitTypePages(t *testing.T) {
	m := mockdextest.NewServer(t)
	q := url.Values{"departmentEmrIds": {kentDept}, "npis": {jennyNPI}, "visitTypeNames": {"NewPatient,EstablishedPatient"},
		"daysOfSlots": {"2"}, "startDate": {"2024-06-06"}, "userTimezone": {"America/New_York"}}
	resp := m.Do("GET", careSlotsPath+"?"+q.Encode(), "", m.XAPIKey())
	var got struct {
		Timezone         string
		SlotsByVisitType []struct {
			VisitTypeEmrID, VisitTypeName, VisitTypeDisplayName, Modality string
			VisitTypeUUIDs                                                []string
			PreviousEndDate, NextStartDate                                *string
			ForNewPatient, ForEstablishedPatient                          bool
			ScheduleDays                                                  []struct {
				Date      string
				SlotTimes []struct {
					SlotDateTime    string
					ProviderOptions []careOption
				}
			}
		}
		Departments   map[string]struct{ DepartmentEmrID, DepartmentUUID string }
		SearchContext string
	}
	m.ReadJSON(resp, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "America/New_York", got.Timezone)
	require.Len(t, got.SlotsByVisitType, 2)
	vt := got.SlotsByVisitType[0]
	assert.Equal(t, []string{"1234003", "NewPatient", "New Patient Visit", "INCLINIC"}, []string{vt.VisitTypeEmrID, vt.VisitTypeName, vt.VisitTypeDisplayName, vt.Modality})
	assert.True(t, vt.ForNewPatient)
	require.Len(t, vt.ScheduleDays, 2)
	assert.Equal(t, "2024-06-06", vt.ScheduleDays[0].Date)
	assert.Equal(t, "2024-06-06T11:10:00-04:00", vt.ScheduleDays[0].SlotTimes[0].SlotDateTime, "08:10 in Kent, shown in New York")
	assert.Equal(t, "2024-06-05", *vt.PreviousEndDate)
	assert.Equal(t, "2024-06-10", *vt.NextStartDate)
	assert.Equal(t, kentDept, got.Departments[provwamt+"|"+kentDept].DepartmentEmrID)
	again := postCare[careSlots](t, m, careSlotsPath, `{"searchContext":"`+got.SearchContext+`"}`)
	assert.Equal(t, "2024-06-06T08:10:00-07:00", again.Slots[0].SlotDateTime, "the GET's searchContext repeats the search in the POST")
}

func TestCareOptionsErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	key := []string{m.XAPIKey()}
	post := func(name, path, body string, status int, want string) call {
		return call{name: name, method: "POST", path: path, body: body, headers: key, status: status, want: want}
	}
	get := func(name, query string, want string) call {
		return call{name: name, method: "GET", path: careSlotsPath + "?" + query, headers: key, status: 400, want: want}
	}
	runCalls(t, m, []call{
		{name: "no key", method: "POST", path: careProvidersPath, body: `{"postalCode":"98104"}`, status: 403,
			want: `{"message":"Forbidden","errorCode":40301}`},
		{name: "no key, GET", method: "GET", path: careSlotsPath + "?daysOfSlots=1&postalCode=98104", status: 403,
			want: `{"message":"Forbidden","errorCode":40301}`},
		post("no place", careProvidersPath, `{"radius":30}`, 400,
			`{"message":"latitude and longitude, departmentIds or postalCode is required","errorCode":40001}`),
		post("half a place", careProvidersPath, `{"latitude":47.6}`, 400, `{"message":"longitude is required","errorCode":40001}`),
		post("radius out of range", careProvidersPath, `{"postalCode":"98104","radius":500}`, 400,
			`{"message":"radius must be <= 100","errorCode":40001}`),
		post("postal code and coordinates", careProvidersPath, `{"postalCode":"98104","latitude":47.6,"longitude":-122.3}`, 400,
			`{"message":"postalCode cannot be combined with latitude and longitude","errorCode":40001}`),
		post("unknown postal code", careSlotsPath, `{"postalCode":"00001","visitTypeNames":["Illness"]}`, 400,
			`{"message":"postalCode is not a postal code this mock knows (fixtures postalcodes.json)","errorCode":40001}`),
		post("slots without visit types", careSlotsPath, `{"postalCode":"98104"}`, 400,
			`{"message":"visitTypeNames is required","errorCode":40001}`),
		post("unknown search context", careSlotsPath, `{"searchContext":"f55ffea269ba54d65d190a7225f01208"}`, 400,
			`{"message":"Invalid Search Context","errorCode":40002}`),
		post("search context with a search", careSlotsPath, `{"searchContext":"x","postalCode":"98104","visitTypeNames":["Illness"]}`, 400,
			`{"message":"searchContext must be sent alone","errorCode":40001}`),
		post("case variant", careSlotsPath, `{"postalCode":"98104","visitTypeNames":["Illness"],"PostalCode":"98102"}`, 400,
			`{"message":"PostalCode must be spelled 'postalCode' (property names are case-sensitive)","errorCode":40001}`),
		get("no daysOfSlots", "postalCode=98104", `{"message":"daysOfSlots is required","errorCode":40001}`),
		get("no place, GET", "daysOfSlots=1&visitTypeNames=Illness",
			`{"message":"one of latitude and longitude, postalCode, departmentEmrIds or npis is required","errorCode":40001}`),
		get("bad zone", "daysOfSlots=1&postalCode=98104&userTimezone=Mars/Base",
			`{"message":"userTimezone must be an IANA time zone such as America/Los_Angeles","errorCode":40001}`),
	})
	assert.True(t, strings.HasPrefix(careSlotsPath, "/v1/"))
}
