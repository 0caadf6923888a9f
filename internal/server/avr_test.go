package server_test

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// addVisit stores a visit created at created with a simple virtual
// timeline, as the visit endpoints would.
func addVisit(m *mockdextest.Server, id string, kind fakes.VisitKind, created time.Time) {
	mockOf(m).World().Visits.Add(fakes.Visit{
		ID: id, Kind: kind, Created: created, PatientGUID: "233441f4-129f-4d0e-afaa-b3009dbe80c7",
		PracticeID: "6996d161-cd16-4556-9577-f942c3f80c80", RegionCode: "WA", Modality: "virtual",
		VisitReason: `Cough, "bad"`, PaymentMethod: "creditcard",
		Timeline: []fakes.Transition{
			{Status: "requested", At: created},
			{Status: "waitingroom", At: created.Add(30 * time.Second)},
			{Status: "invisit", At: created.Add(10 * time.Minute), ProviderID: "p1"},
		},
	})
}

func startAVR(t *testing.T, m *mockdextest.Server, body string) string {
	t.Helper()
	resp := m.Do("POST", avrPath, body, m.DCToken())
	require.Equal(t, 200, resp.StatusCode)
	var started struct{ ID string }
	m.ReadJSON(resp, &started)
	require.NotEmpty(t, started.ID)
	return started.ID
}

func avrStatus(t *testing.T, m *mockdextest.Server, id string) string {
	t.Helper()
	resp := m.Do("GET", avrPath+"/"+id, "", m.DCToken())
	require.Equal(t, 200, resp.StatusCode)
	var st struct{ Status string }
	m.ReadJSON(resp, &st)
	return st.Status
}

func avrCSV(t *testing.T, m *mockdextest.Server, id string) [][]string {
	t.Helper()
	resp := m.Do("GET", avrPath+"/"+id+"/data", "", m.DCToken())
	body := m.ReadBody(resp)
	require.Equal(t, 200, resp.StatusCode, body)
	assert.Equal(t, "text/csv", resp.Header.Get("Content-Type"))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows, "the header is always present")
	assert.Equal(t, fakes.AVRColumns, rows[0])
	return rows
}

func TestAVRJobRunsOnTheClockAndReportsItsVisits(t *testing.T) {
	m := mockdextest.NewServer(t)
	var virtual []string
	for i := 0; i < 3; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i)
		addVisit(m, id, fakes.KindVirtual, mockdextest.Epoch.Add(time.Duration(i)*time.Minute))
		virtual = append(virtual, id)
	}
	addVisit(m, "00000000-0000-4000-8000-0000000000a1", fakes.KindGuest, mockdextest.Epoch.Add(5*time.Minute))
	virtual = append(virtual, "00000000-0000-4000-8000-0000000000a1")
	addVisit(m, "00000000-0000-4000-8000-0000000000b1", fakes.KindProviderBooking, mockdextest.Epoch.Add(5*time.Minute))
	m.Clock.Advance(time.Hour)

	id := startAVR(t, m, `{"type":"virtual","startDate":"2024-06-03T15:00:00+0000","endDate":"2024-06-04T15:00:00Z"}`)
	assert.Contains(t, []string{"QUEUED", "RUNNING"}, avrStatus(t, m, id))
	resp := m.Do("GET", avrPath+"/"+id+"/data", "", m.DCToken())
	assert.Equal(t, 400, resp.StatusCode)
	assert.JSONEq(t, `{"error":"QueryExecution did not succeed"}`, m.ReadBody(resp))

	m.Clock.Advance(2 * time.Second)
	assert.Equal(t, "RUNNING", avrStatus(t, m, id))
	m.Clock.Advance(3 * time.Second)
	require.Equal(t, "SUCCEEDED", avrStatus(t, m, id))

	rows := avrCSV(t, m, id)
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[0])
		assert.Equal(t, "virtual", row[2])
		assert.Equal(t, `Cough, "bad"`, row[26], "quoting round-trips")
	}
	assert.Equal(t, virtual, got, "every virtual and guest visit, in creation order, and no booking")
	assert.Equal(t, "invisit", rows[1][3])
	assert.Equal(t, "570", rows[1][28], "wait from waiting room to visit")
}

func TestAVRRowsAreFixedWhenTheJobSucceeds(t *testing.T) {
	m := mockdextest.NewServer(t)
	addVisit(m, "00000000-0000-4000-8000-000000000001", fakes.KindVirtual, mockdextest.Epoch.Add(-5*time.Minute))
	id := startAVR(t, m, `{"type":"virtual"}`)
	m.Clock.Advance(time.Minute)
	before := avrCSV(t, m, id)
	require.Len(t, before, 2)
	assert.Equal(t, "waitingroom", before[1][3], "the row as it stood when the job succeeded")

	addVisit(m, "00000000-0000-4000-8000-000000000002", fakes.KindVirtual, m.Clock.Now())
	m.Clock.Advance(time.Hour)
	assert.Equal(t, before, avrCSV(t, m, id), "a later visit or status change never alters a finished report")
}

func TestAVRFailRetriesAndCancelStops(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := startAVR(t, m, `{"type":"retail"}`)
	resp := m.Do("POST", "/_mockdex/reports/"+id+"/fail", `{"retryAfter":"10s"}`)
	require.Equal(t, 200, resp.StatusCode, m.ReadBody(resp))
	assert.Equal(t, "FAILED", avrStatus(t, m, id))
	m.Clock.Advance(9 * time.Second)
	assert.Equal(t, "FAILED", avrStatus(t, m, id))
	m.Clock.Advance(time.Second)
	assert.Equal(t, "QUEUED", avrStatus(t, m, id), "auto-retry queues the job again")
	m.Clock.Advance(2 * time.Second)
	assert.Equal(t, "RUNNING", avrStatus(t, m, id))
	m.Clock.Advance(3 * time.Second)
	assert.Equal(t, "SUCCEEDED", avrStatus(t, m, id))
	assert.Len(t, avrCSV(t, m, id), 1, "header only: no retail visits")

	resp = m.Do("POST", "/_mockdex/reports/"+id+"/cancel", "", adminJSON)
	assert.Equal(t, 409, resp.StatusCode, "a finished job cannot be cancelled")
	resp.Body.Close()

	other := startAVR(t, m, `{"type":"provider_booking"}`)
	resp = m.Do("POST", "/_mockdex/reports/"+other+"/cancel", "", adminJSON)
	require.Equal(t, 200, resp.StatusCode, m.ReadBody(resp))
	m.Clock.Advance(time.Hour)
	assert.Equal(t, "CANCELLED", avrStatus(t, m, other))
	resp = m.Do("GET", avrPath+"/"+other+"/data", "", m.DCToken())
	assert.Equal(t, 400, resp.StatusCode)
	assert.JSONEq(t, `{"error":"QueryExecution did not succeed"}`, m.ReadBody(resp))

	resp = m.Do("POST", "/_mockdex/reports/3b690e39-4659-40f9-9909-58b27c0a4383/fail", "", adminJSON)
	assert.Equal(t, 404, resp.StatusCode)
	assert.JSONEq(t, `{"error":"QueryExecution Not Found"}`, m.ReadBody(resp))
}

func TestAVRErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	dc := m.DCToken()
	unknown := "3b690e39-4659-40f9-9909-58b27c0a4383"
	runCalls(t, m, []call{
		{name: "start only", method: "POST", path: avrPath, headers: []string{dc},
			body:   `{"type":"virtual","startDate":"2022-04-13T15:00:00+0000"}`,
			status: 400, want: `{"error":"'endDate' is required when 'startDate' is given"}`},
		{name: "end only", method: "POST", path: avrPath, headers: []string{dc},
			body:   `{"type":"virtual","endDate":"2022-04-13T15:00:00+0000"}`,
			status: 400, want: `{"error":"'startDate' is required when 'endDate' is given"}`},
		{name: "end before start", method: "POST", path: avrPath, headers: []string{dc},
			body:   `{"type":"virtual","startDate":"2022-04-14T15:00:00Z","endDate":"2022-04-13T15:00:00Z"}`,
			status: 400, want: `{"error":"'endDate' must not be before 'startDate'"}`},
		{name: "impossible date", method: "POST", path: avrPath, headers: []string{dc},
			body:   `{"type":"virtual","startDate":"2022-13-45T15:00:00Z","endDate":"2022-04-13T15:00:00Z"}`,
			status: 400, want: `{"error":"'startDate' must be an ISO 8601 date such as 2022-04-13T15:00:00+0000"}`},
		{name: "docs' millisecond form", method: "POST", path: avrPath, headers: []string{dc},
			body:   `{"type":"provider_booking","startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z"}`,
			status: 200, has: `"id"`},
		{name: "status unknown id", method: "GET", path: avrPath + "/" + unknown, headers: []string{dc},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
		{name: "data unknown id", method: "GET", path: avrPath + "/" + unknown + "/data", headers: []string{dc},
			status: 404, want: `{"error":"QueryExecution Not Found"}`},
		{name: "data wrong key", method: "GET", path: avrPath + "/" + unknown + "/data", headers: []string{"Authorization: dc-token nope"},
			status: 403, want: `{"message":"Authorization failed: bad service token"}`},
	})
}
