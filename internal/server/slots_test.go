package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

const (
	slotSearchPath   = "/v5/slots/search"
	slotTakenPath    = "/v5/slots/slot-taken"
	slotReleasedPath = "/v5/slots/slot-released"
	// kentTuesday1010 is Tuesday 2024-06-04 10:10 in Kent, the day after
	// mockdextest.Epoch.
	kentTuesday1010 = "2024-06-04T10:10:00-07:00"
)

type slotSearchResults struct {
	Results []struct {
		NPI, EHRInstance, DepartmentID, Timezone string
		VisitTypes                               []struct {
			VisitTypeID, VisitTypeName string
			Slots                      []struct {
				DateTime, SlotID string
				Duration         int
			}
		}
	}
}

func searchSlots(t *testing.T, m *mockdextest.Server, body string) slotSearchResults {
	t.Helper()
	resp := m.Do("POST", slotSearchPath, body, m.XAPIKey())
	var out slotSearchResults
	m.ReadJSON(resp, &out)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return out
}

// slotEvent is a slot-taken or slot-released body for Jenny's Kent slot.
func slotEvent(at string) string {
	return `{"npi":"` + jennyNPI + `","departmentId":"` + kentDept + `","visitTypeId":"1234003","slotDateTime":"` + at +
		`","ehrInstance":"` + provwamt + `","disableRefresh":true}`
}

func TestSlotSearchListsAndBooks(t *testing.T) {
	m := mockdextest.NewServer(t)
	got := searchSlots(t, m, `{"criteriaItems":[{"npi":"`+jennyNPI+`","ehrInstance":"`+provwamt+`","departmentId":"`+kentDept+`"}],
		"startDate":"2024-06-04","endDate":"2024-06-04","visitTypeNames":["NewPatient"]}`)
	require.Len(t, got.Results, 1)
	res := got.Results[0]
	assert.Equal(t, []string{jennyNPI, provwamt, kentDept, "America/Los_Angeles"}, []string{res.NPI, res.EHRInstance, res.DepartmentID, res.Timezone})
	require.Len(t, res.VisitTypes, 1)
	slots := res.VisitTypes[0].Slots
	require.Len(t, slots, 18, "the whole Tuesday, 08:10 to 16:40")
	assert.Equal(t, "2024-06-04T08:10:00-07:00", slots[0].DateTime)
	assert.Equal(t, 30, slots[0].Duration)

	resp := m.Do("POST", bookingPath, bookingBody(slots[2].SlotID, nil), m.Bearer(patientA))
	assert.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	again := searchSlots(t, m, `{"criteriaItems":[{"npi":"`+jennyNPI+`"}],"startDate":"2024-06-04","endDate":"2024-06-04"}`)
	require.Len(t, again.Results, 2, "Kent and Everett")
	for _, r := range again.Results {
		for _, vt := range r.VisitTypes {
			var times []string
			for _, s := range vt.Slots {
				times = append(times, s.DateTime)
			}
			if r.DepartmentID == kentDept {
				assert.NotContains(t, times, slots[2].DateTime, "the booked slot is gone from Kent's %s", vt.VisitTypeName)
			} else {
				assert.Contains(t, times, slots[2].DateTime, "Everett's slot at that time is another slot")
			}
		}
	}
}

func TestSlotSearchErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	key := []string{m.XAPIKey()}
	post := func(name, body string, status int, want string) call {
		return call{name: name, method: "POST", path: slotSearchPath, body: body, headers: key, status: status, want: want}
	}
	runCalls(t, m, []call{
		post("no criteria", `{}`, 400, `{"errorCode":400001,"message":"/requestBody - must have required property 'criteriaItems'"}`),
		post("empty criteria", `{"criteriaItems":[]}`, 400, `{"errorCode":400001,"message":"/requestBody/criteriaItems - is invalid (minItems)"}`),
		post("undeclared property", `{"criteriaItems":[{"npi":"1","clinic":"x"}]}`, 400,
			`{"errorCode":400001,"message":"/requestBody/criteriaItems/0 - must NOT have additional properties ('clinic')"}`),
		post("department without ehr", `{"criteriaItems":[{"npi":"`+jennyNPI+`","departmentId":"`+kentDept+`"}]}`, 400,
			`{"errorCode":400400,"message":"criteriaItems[0].ehrInstance is required with criteriaItems[0].departmentId"}`),
		post("unknown provider", `{"criteriaItems":[{"npi":"`+jennyNPI+`"},{"npi":"1000000000"}]}`, 404,
			`{"errorCode":400404,"message":"criteriaItems[1].npi does not name a known provider"}`),
		post("end before start", `{"criteriaItems":[{"npi":"`+jennyNPI+`"}],"startDate":"2024-06-05","endDate":"2024-06-04"}`, 400,
			`{"errorCode":400400,"message":"endDate must not be before startDate"}`),
		post("not a date", `{"criteriaItems":[{"npi":"`+jennyNPI+`"}],"startDate":"2024-02-30"}`, 400,
			`{"errorCode":400400,"message":"startDate must be a date (yyyy-MM-dd) or a date-time with an offset"}`),
		{name: "no key", method: "POST", path: slotSearchPath, body: `{"criteriaItems":[{"npi":"1"}]}`, status: 401,
			want: `{"message":"Unauthorized","status":401}`},
	})
}

// The EHR takes a slot: it leaves the listings and refuses a booking;
// released, it is back and books.
func TestSlotTakenAndReleased(t *testing.T) {
	m := mockdextest.NewServer(t)
	listed := func() bool {
		return strings.Contains(m.ReadBody(m.Do("GET", jennySlots+"?startDate=2024-06-04&endDate=2024-06-04&departmentEmrId="+kentDept+
			"&departmentEmrSystemId="+provwamt, "", m.XAPIKey())), kentTuesday1010)
	}
	require.True(t, listed())
	resp := m.Do("POST", slotTakenPath, slotEvent(kentTuesday1010), m.XAPIKey(), "correlation-id: not-a-uuid")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.NoError(t, uuid.Validate(resp.Header.Get("correlation-id")), "a UUID correlation-id, as published")
	assert.False(t, listed())
	resp = m.Do("POST", bookingPath, bookingBody(kentSlot("10:10"), nil), m.Bearer(patientA))
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.JSONEq(t, docsSlotTaken, m.ReadBody(resp))

	const cid = "6f1c5a8e-0d2b-4c3e-9f4a-5b6c7d8e9f01"
	resp = m.Do("POST", slotReleasedPath, slotEvent("2024-06-04T17:10:00.000Z"), m.XAPIKey(), "correlation-id: "+cid)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, cid, resp.Header.Get("correlation-id"), "a UUID is echoed")
	assert.True(t, listed(), "the same instant written in UTC releases it")
	resp = m.Do("POST", bookingPath, bookingBody(kentSlot("10:10"), nil), m.Bearer(patientA))
	assert.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
}

func TestSlotEventErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	key := []string{m.XAPIKey()}
	post := func(name, body string, status int, want string) call {
		return call{name: name, method: "POST", path: slotTakenPath, body: body, headers: key, status: status, want: want}
	}
	runCalls(t, m, []call{
		post("off the schedule", slotEvent("2024-06-04T10:20:00-07:00"), 400,
			`{"errorCode":400400,"message":"slotDateTime is not a slot on the department's schedule"}`),
		post("not a date-time", slotEvent("tomorrow"), 400,
			`{"errorCode":400001,"message":"/requestBody/slotDateTime - must match format \"date-time\""}`),
		post("another EHR", strings.Replace(slotEvent(kentTuesday1010), provwamt, "epic.acme", 1), 400,
			`{"errorCode":400400,"message":"ehrInstance does not match the department's EHR instance"}`),
		post("missing npi", `{"departmentId":"1","visitTypeId":"1","slotDateTime":"`+kentTuesday1010+`","ehrInstance":"x"}`, 400,
			`{"errorCode":400001,"message":"/requestBody - must have required property 'npi'"}`),
		{name: "no key", method: "POST", path: slotReleasedPath, body: slotEvent(kentTuesday1010), status: 401,
			want: `{"message":"Unauthorized","status":401}`},
	})
}

// A retail site's time the EHR takes is gone from the retail page too.
func TestSlotTakenLeavesTheRetailPage(t *testing.T) {
	m := mockdextest.NewServer(t)
	const at = "2024-06-04T10:20:00-07:00"
	page := "/retail?timeSlot=" + strings.ReplaceAll(at, "-07:00", "%2D07:00") + "&departmentUrlName=AcmeC4&brand=Acme"
	assert.Contains(t, m.ReadBody(m.Do("GET", page, "")), "Book your visit")
	resp := m.Do("POST", slotTakenPath, `{"npi":"","departmentId":"900100004","visitTypeId":"3000001","slotDateTime":"`+at+`","ehrInstance":"epic.acme"}`, m.XAPIKey())
	require.Equal(t, http.StatusNoContent, resp.StatusCode, m.ReadBody(resp))
	assert.Contains(t, m.ReadBody(m.Do("GET", page, "")), "no longer available")
}

// Bookings and slot-taken events sent at once for one slot: exactly one
// of them holds it, and the world agrees with what the clients were told.
func TestBookingRacesSlotTakenOverHTTP(t *testing.T) {
	m := mockdextest.NewServer(t)
	const n = 6
	var wg sync.WaitGroup
	booked := make(chan int, n)
	for range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			resp := m.Do("POST", bookingPath, bookingBody(kentSlot("11:10"), nil), m.Bearer(patientA))
			resp.Body.Close()
			booked <- resp.StatusCode
		}()
		go func() {
			defer wg.Done()
			resp := m.Do("POST", slotTakenPath, slotEvent("2024-06-04T11:10:00-07:00"), m.XAPIKey())
			resp.Body.Close()
			assert.Equal(t, http.StatusNoContent, resp.StatusCode, "slot-taken always succeeds: the slot is taken")
		}()
	}
	wg.Wait()
	close(booked)
	codes := map[int]int{}
	for c := range booked {
		codes[c]++
	}
	w := mockOf(m).World()
	kent, _ := w.Fixtures.Department(kentDept)
	holder, held := w.Slots.Holder(fakes.DepartmentSlotKey(jennyNPI, kent, mustTime(t, "2024-06-04T11:10:00-07:00")))
	require.True(t, held)
	if holder == fakes.HolderEHR {
		assert.Equal(t, map[int]int{http.StatusConflict: n}, codes, "the EHR won: every booking refused")
	} else {
		assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusConflict: n - 1}, codes, "a booking won: one booked")
		_, ok := w.Visits.Get(holder)
		assert.True(t, ok, "the holder is the booked visit")
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return at
}
