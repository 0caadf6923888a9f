package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/mockdextest"
)

// journalEntries reads GET /_mockdex/requests with a query.
func journalEntries(t *testing.T, m *mockdextest.Server, query string) []journal.Entry {
	t.Helper()
	resp := m.Do("GET", "/_mockdex/requests"+query, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct{ Requests []journal.Entry }
	m.ReadJSON(resp, &out)
	return out.Requests
}

func TestJournalRecordsAndRedacts(t *testing.T) {
	m := mockdextest.NewServer(t)
	bearer := m.Bearer(patientA)
	body := bookingBody(kentSlot("10:10"), func(b map[string]any) {
		section(b, "visitDetails")["declaration"] = "other"
		b["actor"] = map[string]any{"firstName": "Zelphine", "lastName": "Quarrington", "email": "zq@example.org",
			"phone": "206-555-0199", "relationshipToPatient": "mother"}
		b["billingInfo"] = map[string]any{"paymentMethod": "couponcode", "couponCode": "COUPON-7731"}
	})
	resp := m.Do("POST", bookingPath, body, bearer, "correlation-id: trace-42")
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	m.ReadBody(m.Do("GET", "/no/such/path", "", m.XAPIKey()))

	raw := m.ReadBody(m.Do("GET", "/_mockdex/requests", ""))
	for _, secret := range []string{"Zelphine", "Quarrington", "zq@example.org", "206-555-0199", "COUPON-7731",
		"sore throat", strings.TrimPrefix(bearer, "Authorization: Bearer "), m.APIKey()} {
		assert.NotContains(t, raw, secret)
	}
	assert.Contains(t, raw, patientA, "ids stay: they are how a developer finds a request")

	got := journalEntries(t, m, "")
	require.Len(t, got, 2, "admin calls are not journaled")
	assert.Equal(t, "GET", got[0].Method)
	assert.Equal(t, "/no/such/path", got[0].Path)
	assert.Equal(t, http.StatusNotFound, got[0].Status)
	assert.Empty(t, got[0].OperationID)
	assert.NotContains(t, got[0].Headers, "X-Api-Key")

	booking := got[1]
	assert.Equal(t, "bookProviderVisit", booking.OperationID)
	assert.Equal(t, http.StatusOK, booking.Status)
	assert.Equal(t, "trace-42", booking.CorrelationID)
	assert.Equal(t, mockdextest.Epoch, booking.Time.UTC())
	assert.False(t, booking.WallTime.IsZero())
	assert.False(t, booking.Faulted)
	assert.NotContains(t, booking.Headers, "Authorization")
	assert.Contains(t, string(booking.RequestBody), `"firstName":"[redacted]"`)
	assert.Contains(t, string(booking.RequestBody), `"relationshipToPatient":"mother"`)
	assert.Contains(t, string(booking.ResponseBody), `"visitId"`)
}

func TestJournalIsABoundedRing(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithJournalSize(3))
	for i := range 5 {
		m.ReadBody(m.Do("GET", fmt.Sprintf("/missing/%d", i), ""))
	}
	got := journalEntries(t, m, "")
	require.Len(t, got, 3)
	for i, want := range []string{"/missing/4", "/missing/3", "/missing/2"} {
		assert.Equal(t, want, got[i].Path, "newest first")
	}
	assert.Equal(t, uint64(5), got[0].Seq)

	require.Equal(t, http.StatusOK, m.Do("DELETE", "/_mockdex/requests", "", adminJSON).StatusCode)
	assert.Empty(t, journalEntries(t, m, ""))
	m.ReadBody(m.Do("GET", "/missing/after", ""))
	assert.Equal(t, uint64(6), journalEntries(t, m, "")[0].Seq, "sequence numbers are never reused")
}

func TestJournalFilters(t *testing.T) {
	m := mockdextest.NewServer(t)
	for range 3 {
		m.ReadBody(m.Do("GET", jennySlots, "", m.XAPIKey()))
	}
	m.ReadBody(m.Do("GET", jennySlots, "")) // 401: no key
	m.ReadBody(m.Do("GET", "/missing", ""))

	assert.Len(t, journalEntries(t, m, "?operationId=getSingleProviderTimeslots"), 4)
	assert.Len(t, journalEntries(t, m, "?operationId=getSingleProviderTimeslots&status=200"), 3)
	unauthorized := journalEntries(t, m, "?status=401")
	require.Len(t, unauthorized, 1)
	assert.Equal(t, "getSingleProviderTimeslots", unauthorized[0].OperationID)
	assert.Len(t, journalEntries(t, m, "?limit=2"), 2)

	runCalls(t, m, []call{
		{name: "bad status", method: "GET", path: "/_mockdex/requests?status=abc", status: 400,
			want: `{"error":"'status' must be an HTTP status code (100-599)"}`},
		{name: "bad limit", method: "GET", path: "/_mockdex/requests?limit=0", status: 400,
			want: `{"error":"'limit' must be a positive integer"}`},
	})
}

// A reset restores the world, not the mock's record of its traffic.
func TestJournalSurvivesReset(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("GET", "/missing", ""))
	require.Equal(t, http.StatusOK, m.Do("POST", "/_mockdex/reset", "", adminJSON).StatusCode)
	assert.Len(t, journalEntries(t, m, ""), 1)
}
