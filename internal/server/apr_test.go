package server_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

const aprPath = "/v1/reporting/providerhistories"

type aprRecord struct {
	ID                  string `json:"id"`
	Timestamp           string `json:"timestamp"`
	Action              string `json:"action"`
	VisitID             string `json:"visitId"`
	ProviderCredentials string `json:"providerCredentials"`
}

type aprResult struct {
	Count int         `json:"count"`
	Data  []aprRecord `json:"data"`
}

// searchAPR posts a search whose window covers the test's history.
func searchAPR(t *testing.T, m *mockdextest.Server, extra map[string]any) aprResult {
	t.Helper()
	body := map[string]any{"startDate": "2024-05-01T00:00:00.000Z", "endDate": "2024-07-01T00:00:00.000Z"}
	for k, v := range extra {
		body[k] = v
	}
	data, _ := json.Marshal(body)
	resp := m.Do("POST", aprPath, string(data), m.DCToken())
	require.Equal(t, 200, resp.StatusCode)
	var out aprResult
	m.ReadJSON(resp, &out)
	return out
}

func TestAPRFilters(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(3))
	all := searchAPR(t, m, map[string]any{"limit": 1000})
	require.Greater(t, all.Count, 50, "history gives a fresh mock provider events")
	assert.Len(t, searchAPR(t, m, nil).Data, 50, "default limit")

	visit := all.Data[0].VisitID
	byVisit := searchAPR(t, m, map[string]any{"visitId": visit})
	require.NotZero(t, byVisit.Count)
	for _, r := range byVisit.Data {
		assert.Equal(t, visit, r.VisitID)
	}

	lower := searchAPR(t, m, map[string]any{"action": "completed"})
	upper := searchAPR(t, m, map[string]any{"action": "COMPLETED"})
	require.NotZero(t, lower.Count)
	assert.Equal(t, lower, upper, "action matches in any case")

	md := searchAPR(t, m, map[string]any{"providerCredentials": "md", "limit": 1000})
	creds := map[string]bool{}
	for _, r := range md.Data {
		creds[r.ProviderCredentials] = true
	}
	assert.Equal(t, map[string]bool{"MD": true, "MD DO": true}, creds, `"md" matches "MD" and "MD DO", not "DO"`)

	both := searchAPR(t, m, map[string]any{"providerCredentials": "MD", "action": "Completed", "limit": 1000})
	require.NotZero(t, both.Count)
	assert.Less(t, both.Count, md.Count)
	assert.Less(t, both.Count, lower.Count)
	for _, r := range both.Data {
		assert.Equal(t, "completed", r.Action)
		assert.Contains(t, r.ProviderCredentials, "MD")
	}
	assert.Zero(t, searchAPR(t, m, map[string]any{"visitId": visit, "action": "no-such-action"}).Count)
}

func TestAPRPagesReturnEveryRecordOnce(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(2))
	seen := map[string]bool{}
	first := searchAPR(t, m, map[string]any{"limit": 7})
	for offset := 0; offset < first.Count; offset += 7 {
		page := searchAPR(t, m, map[string]any{"limit": 7, "offset": offset})
		assert.Equal(t, first.Count, page.Count)
		for _, r := range page.Data {
			assert.False(t, seen[r.ID], "record %s twice", r.ID)
			seen[r.ID] = true
		}
	}
	assert.Len(t, seen, first.Count)
}

func TestAPRHidesPlannedEventsUntilTheyHappen(t *testing.T) {
	m := mockdextest.NewServer(t)
	soon := mockdextest.Epoch.Add(time.Minute)
	for i, at := range []time.Time{mockdextest.Epoch.Add(-time.Minute), soon} {
		mockOf(m).World().Events.Add(fakes.ProviderEvent{
			ID: fmt.Sprintf("e%d", i), Timestamp: at, Action: "assigned", VisitID: "v1",
			ProviderID: "22606c4c-15c8-4959-ae7f-a8940356b3db", ProviderCredentials: "MD",
		})
	}
	assert.Equal(t, 1, searchAPR(t, m, nil).Count)
	m.Clock.Set(soon)
	got := searchAPR(t, m, nil)
	require.Equal(t, 2, got.Count)
	assert.Equal(t, "2024-06-03T16:01:00.000Z", got.Data[1].Timestamp)
}

func TestAPRErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	dc := m.DCToken()
	runCalls(t, m, []call{
		{name: "no start", method: "POST", path: aprPath, headers: []string{dc},
			body: `{"endDate":"2023-10-13T17:00:00.000Z"}`, status: 400, want: `{"error":"'startDate' is required"}`},
		{name: "no end", method: "POST", path: aprPath, headers: []string{dc},
			body: `{"startDate":"2023-10-13T17:00:00.000Z"}`, status: 400, want: `{"error":"'endDate' is required"}`},
		{name: "end before start", method: "POST", path: aprPath, headers: []string{dc},
			body:   `{"startDate":"2023-10-13T17:00:00.000Z","endDate":"2023-10-12T07:00:00.000Z"}`,
			status: 400, want: `{"error":"'endDate' must not be before 'startDate'"}`},
		{name: "wrong key", method: "POST", path: aprPath, headers: []string{"Authorization: dc-token nope"},
			body:   `{"startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z"}`,
			status: 403, want: `{"message":"Authorization failed: bad service token"}`},
		{name: "docs' example body with its missing commas", method: "POST", path: aprPath, headers: []string{dc},
			body:   `{"startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z","visitId":"x" "action":"assigned"}`,
			status: 400, has: `"error"`},
		{name: "limit above the maximum", method: "POST", path: aprPath, headers: []string{dc},
			body:   `{"startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z","limit":5000}`,
			status: 400, has: `limit`},
		{name: "docs' example, empty window", method: "POST", path: aprPath, headers: []string{dc},
			body:   `{"startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z"}`,
			status: 200, want: `{"count":0,"data":[]}`},
	})
}

// BenchmarkAPROverHTTP1M is a whole APR request (validation, search,
// JSON) for a 50-record page over 1,000,000 stored events.
//
//	go test ./internal/server/ -run '^$' -bench APROverHTTP1M -benchtime 20x
func BenchmarkAPROverHTTP1M(b *testing.B) {
	m := mockdextest.NewServer(b, mockdextest.Lenient())
	creds := []string{"MD", "DO", "NP", "PA", "MD DO"}
	actions := []string{"assigned", "started", "completed", "declined", "booked"}
	evs := make([]fakes.ProviderEvent, 1_000_000)
	start := mockdextest.Epoch.Add(-30 * 24 * time.Hour)
	for i := range evs {
		evs[i] = fakes.ProviderEvent{
			ID: fmt.Sprintf("e%08d", i), Timestamp: start.Add(time.Duration(i) * time.Second),
			Action: actions[i%5], VisitID: fmt.Sprintf("v%07d", i/4), ProviderID: fmt.Sprintf("p%02d", i%41),
			ProviderCredentials: creds[i%41%5],
		}
	}
	mockOf(m).World().Events.Load(evs)
	for _, bc := range []struct{ name, body string }{
		{"unfiltered", `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-07-01T00:00:00Z","offset":400000}`},
		{"action+credentials", `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-07-01T00:00:00Z","action":"Completed","providerCredentials":"md","offset":1000}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				resp := m.Do("POST", aprPath, bc.body, m.DCToken())
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
				resp.Body.Close()
			}
		})
	}
}

// Guardians with awkward names booked some of the history's visits: a
// search by name finds them whatever the case, non-ASCII letters too.
func TestAPRFindsAwkwardActorNames(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14))
	for _, name := range []string{"ZOË", "łukasz", "芳", "Anne, Marie", "=eve"} {
		got := searchAPR(t, m, map[string]any{"actorFirstName": name, "action": "booked"})
		assert.NotZero(t, got.Count, name)
	}
	got := searchAPR(t, m, map[string]any{"actorLastName": `"nan" smith`})
	assert.NotZero(t, got.Count)
}
