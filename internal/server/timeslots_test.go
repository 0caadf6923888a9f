package server_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes/slotid"
	"github.com/mockdex/mockdex/mockdextest"
)

const jennySlots = "/v5/providers/" + jennyNPI + "/timeslots"

type timeslots struct {
	Slots []struct {
		NPI, Timezone, DepartmentID, DepartmentIdentifier, EHRSystemName string
		SlotsByVisitType                                                 []struct {
			VisitTypeID, VisitTypeName     string
			PreviousEndDate, NextStartDate *string
			ScheduleDays                   []struct {
				Date      string
				SlotTimes []struct {
					Duration             int
					SlotDateTime, SlotID string
				}
			}
		}
	}
}

func getSlots(t *testing.T, m *mockdextest.Server, query string) timeslots {
	t.Helper()
	resp := m.Do("GET", jennySlots+query, "", m.XAPIKey())
	var out timeslots
	m.ReadJSON(resp, &out)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return out
}

// visitTypes lists "departmentId/visitTypeName" of a listing.
func (ts timeslots) visitTypes() []string {
	var out []string
	for _, d := range ts.Slots {
		for _, vt := range d.SlotsByVisitType {
			out = append(out, d.DepartmentID+"/"+vt.VisitTypeName)
		}
	}
	return out
}

func TestTimeslotsErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	key := []string{m.XAPIKey()}
	get := func(name, query string, status int, want string) call {
		return call{name: name, method: "GET", path: jennySlots + query, headers: key, status: status, want: want}
	}
	runCalls(t, m, []call{
		{name: "no api key", method: "GET", path: jennySlots, status: 401, has: `"status":401`},
		{name: "unknown provider", method: "GET", path: "/v5/providers/1000000000/timeslots", headers: key,
			status: 404, want: `{"message":"Provider not found","status":404}`},
		get("departmentEmrId alone", "?departmentEmrId=123446001", 400,
			`{"errorCode":400400,"message":"departmentEmrId requires departmentEmrSystemId"}`),
		get("departmentEmrSystemId alone", "?departmentEmrSystemId="+provwamt, 400,
			`{"errorCode":400400,"message":"departmentEmrSystemId requires departmentEmrId"}`),
		get("urlName with emr id", "?departmentUrlName=ProvKent&departmentEmrId=123446001&departmentEmrSystemId="+provwamt, 400,
			`{"errorCode":400400,"message":"departmentUrlName cannot be combined with departmentEmrId"}`),
		get("end before start", "?startDate=2024-06-10&endDate=2024-06-09", 400,
			`{"errorCode":400400,"message":"endDate must not be before startDate"}`),
		get("impossible date", "?startDate=2024-13-40", 400,
			`{"errorCode":400400,"message":"startDate must be a date (yyyy-MM-dd) or a date-time with an offset"}`),
		{name: "malformed date", method: "GET", path: jennySlots + "?endDate=tomorrow", headers: key, status: 400, has: `"errorCode":400001`},
		{name: "daysOfSlots zero", method: "GET", path: jennySlots + "?daysOfSlots=0", headers: key, status: 400, has: `"errorCode":400001`},
		get("weekend only", "?startDate=2024-06-08&endDate=2024-06-09", 200, `{"slots":[]}`),
	})
}

func TestTimeslotsListing(t *testing.T) {
	m := mockdextest.NewServer(t)
	ts := getSlots(t, m, "?startDate=2024-06-04&endDate=2024-06-04")
	require.Len(t, ts.Slots, 2, "Jenny works in two clinics")
	kent := ts.Slots[0]
	assert.Equal(t, []string{jennyNPI, "America/Los_Angeles", kentDept, provwamt + "|" + kentDept, provwamt},
		[]string{kent.NPI, kent.Timezone, kent.DepartmentID, kent.DepartmentIdentifier, kent.EHRSystemName})
	assert.Equal(t, []string{"123446001/NewPatient", "123446001/EstablishedPatient", "301546001/NewPatient", "301546001/FollowUp"}, ts.visitTypes())
	day := kent.SlotsByVisitType[0].ScheduleDays
	require.Len(t, day, 1)
	times := day[0].SlotTimes
	require.Len(t, times, 18, "08:10 to 17:10 every 30 minutes")
	assert.Equal(t, "2024-06-04T08:10:00-07:00", times[0].SlotDateTime)
	assert.Equal(t, "2024-06-04T16:40:00-07:00", times[17].SlotDateTime)
	h, ok := slotid.Decode(times[0].SlotID)
	require.True(t, ok)
	assert.Equal(t, slotid.Handle{Date: "2024-06-04", Time: "08:10:00", Duration: 30, VisitTypeID: "1234003", VisitType: "NewPatient",
		Timezone: "America/Los_Angeles", DepartmentID: kentDept, SlotType: "NewPatient", Version: "3.0"}, h)
	assert.Nil(t, kent.SlotsByVisitType[0].NextStartDate, "no paging fields without daysOfSlots")
}

func TestTimeslotsDefaultWindowStartsNow(t *testing.T) {
	m := mockdextest.NewServer(t) // Monday 09:00 in Seattle
	days := getSlots(t, m, "").Slots[0].SlotsByVisitType[0].ScheduleDays
	assert.Equal(t, "2024-06-03T09:10:00-07:00", days[0].SlotTimes[0].SlotDateTime, "the first slot after now")
	assert.Len(t, days, 10, "two working weeks in the 14-day window")
	assert.Equal(t, "2024-06-14", days[len(days)-1].Date)
}

func TestTimeslotsFilters(t *testing.T) {
	m := mockdextest.NewServer(t)
	for query, want := range map[string][]string{
		"?visitTypeName=FollowUp":                                                           {"301546001/FollowUp"},
		"?visitTypeName=FollowUp&visitTypeName=EstablishedPatient":                          {"123446001/EstablishedPatient", "301546001/FollowUp"},
		"?visitTypeEmrId=1234003":                                                           {"123446001/NewPatient"},
		"?visitTypeName=NewPatient&visitTypeEmrId=1000003":                                  {"301546001/NewPatient"},
		"?newOrEstablishedPatient=newPatient":                                               {"123446001/NewPatient", "301546001/NewPatient"},
		"?newOrEstablishedPatient=establishedPatient":                                       {"123446001/EstablishedPatient", "301546001/FollowUp"},
		"?departmentUrlName=provkent":                                                       {"123446001/NewPatient", "123446001/EstablishedPatient"},
		"?departmentEmrId=301546001&departmentEmrSystemId=" + provwamt:                      {"301546001/NewPatient", "301546001/FollowUp"},
		"?departmentEmrId=405772000&departmentEmrSystemId=org.providence.dig.epic.provorca": nil,
	} {
		assert.Equal(t, want, getSlots(t, m, query).visitTypes(), query)
	}
}

func TestTimeslotsDaysOfSlotsPages(t *testing.T) {
	m := mockdextest.NewServer(t)
	first := getSlots(t, m, "?daysOfSlots=3&departmentUrlName=ProvKent").Slots[0].SlotsByVisitType[0]
	assert.Equal(t, []string{"2024-06-03", "2024-06-04", "2024-06-05"}, dates(first.ScheduleDays))
	assert.Nil(t, first.PreviousEndDate)
	require.NotNil(t, first.NextStartDate)
	assert.Equal(t, "2024-06-06", *first.NextStartDate)

	next := getSlots(t, m, "?daysOfSlots=3&departmentUrlName=ProvKent&startDate=2024-06-07").Slots[0].SlotsByVisitType[0]
	assert.Equal(t, []string{"2024-06-07", "2024-06-10", "2024-06-11"}, dates(next.ScheduleDays), "weekends have no slots")
	require.NotNil(t, next.PreviousEndDate)
	assert.Equal(t, "2024-06-06", *next.PreviousEndDate)
}

func dates[T any](days []struct {
	Date      string
	SlotTimes T
}) []string {
	var out []string
	for _, d := range days {
		out = append(out, d.Date)
	}
	return out
}

// A slot the listing offers books, and then leaves the listing for every
// visit type of that clinic, while the provider's other clinic keeps its
// slot at the same time.
func TestListedSlotBooksAndVanishes(t *testing.T) {
	m := mockdextest.NewServer(t)
	query := "?startDate=2024-06-04&endDate=2024-06-04"
	before := getSlots(t, m, query)
	slot := before.Slots[0].SlotsByVisitType[0].ScheduleDays[0].SlotTimes[3]
	resp := m.Do("POST", bookingPath, bookingBody(slot.SlotID, nil), m.Bearer(patientA))
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))

	after := getSlots(t, m, query)
	for _, d := range after.Slots {
		for _, vt := range d.SlotsByVisitType {
			var found bool
			for _, st := range vt.ScheduleDays[0].SlotTimes {
				found = found || st.SlotDateTime == slot.SlotDateTime
			}
			assert.Equal(t, d.DepartmentID != kentDept, found, "%s %s at %s", d.DepartmentID, vt.VisitTypeName, slot.SlotDateTime)
			assert.Len(t, vt.ScheduleDays[0].SlotTimes, map[bool]int{true: 17, false: 18}[d.DepartmentID == kentDept])
		}
	}
}

// The default listing (14 days, two clinics, four visit types) over HTTP,
// slotIds included.
func BenchmarkTimeslotsDefaultWindow(b *testing.B) {
	m := mockdextest.NewServer(b, mockdextest.Lenient())
	req, _ := http.NewRequest("GET", m.URL+jennySlots, nil)
	req.Header.Set("x-api-key", m.APIKey())
	b.ReportAllocs()
	for b.Loop() {
		resp, err := m.Client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", err, resp)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
