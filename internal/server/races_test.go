package server_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// Staff cancelling one visit from several places at once end it once:
// one cancel wins, the rest are told it has already ended, and the All
// Providers Report holds a single cancellation.
func TestConcurrentCancelsOfOneVisitEndItOnce(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	const n = 8
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := m.Do("POST", "/_mockdex/visits/"+v.VisitID+"/cancel", "", adminJSON)
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusConflict: n - 1}, got)

	count, _ := mockOf(m).World().Events.Search(fakes.EventQuery{
		From: mockdextest.Epoch.Add(-time.Hour), To: mockdextest.Epoch.Add(time.Hour), Now: m.Clock.Now(),
		Limit: 50, VisitID: v.VisitID, Action: fakes.ActionCancelled,
	})
	assert.Equal(t, 1, count)
}

// A reset between steps of a client's flow leaves no half state: the old
// visit and report are unknown (404 in each family's shape), and a new
// visit meets the fixtures' empty queue again.
func TestResetMidFlowForgetsTheFlow(t *testing.T) {
	m := mockdextest.NewServer(t)
	first := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	resp := m.Do("POST", avrPath, `{"type":"virtual"}`, m.DCToken())
	var job struct{ ID string }
	m.ReadJSON(resp, &job)

	m.Reset()
	runCalls(t, m, []call{
		{name: "old visit", method: "GET", path: "/api/9/visits/" + first.VisitID + "/summary", headers: []string{m.Bearer(joeGUID)},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "old report", method: "GET", path: avrPath + "/" + job.ID, headers: []string{m.DCToken()},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
		{name: "old report data", method: "GET", path: avrPath + "/" + job.ID + "/data", headers: []string{m.DCToken()},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
	})
	second := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	resp = m.Do("GET", "/api/9/visits/"+second.VisitID+"/waittime", "", m.Bearer(joeGUID))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var wait struct {
		Message string `json:"estimatedWaitTimeMessage"`
	}
	m.ReadJSON(resp, &wait)
	assert.Equal(t, "You are number 1 in line", wait.Message)
}

// An id of one kind used where another is expected is simply unknown: a
// provider booking's visitId in the virtual-visit endpoints (even with
// its own patient's token), a report id as a visit id, a visit id as a
// report id.
func TestIDsOfAnotherKindAreNotFound(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("POST", bookingPath, bookingBody(kentSlot("10:10"), nil), m.Bearer(patientA))
	var booking struct{ VisitID string }
	m.ReadJSON(resp, &booking)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = m.Do("POST", avrPath, `{"type":"virtual"}`, m.DCToken())
	var job struct{ ID string }
	m.ReadJSON(resp, &job)
	visit := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))

	owner := m.Bearer(patientA)
	runCalls(t, m, []call{
		{name: "booking summary", method: "GET", path: "/api/9/visits/" + booking.VisitID + "/summary", headers: []string{owner},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "booking wait time", method: "GET", path: "/api/9/visits/" + booking.VisitID + "/waittime", headers: []string{owner},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "booking accept terms", method: "PUT", path: "/api/9/visits/" + booking.VisitID + "/acceptTerms", headers: []string{owner},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "booking waiting room", method: "GET", path: "/visit/" + booking.VisitID, status: 404, has: "No visit with that id is waiting here."},
		{name: "booking cancelled as virtual", method: "POST", path: "/_mockdex/visits/" + booking.VisitID + "/cancel",
			headers: []string{adminJSON}, status: 404, want: `{"error":"Visit not found"}`},
		{name: "report as visit", method: "GET", path: "/api/9/visits/" + job.ID + "/summary", headers: []string{m.Bearer(joeGUID)},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "visit as report", method: "GET", path: avrPath + "/" + visit.VisitID, headers: []string{m.DCToken()},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
		{name: "visit as report data", method: "GET", path: avrPath + "/" + visit.VisitID + "/data", headers: []string{m.DCToken()},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
	})
}
