package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// A count counts the calls the mock answered with success: a refused
// create is not one.
func TestTimelineCountsAnsweredCalls(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("PUT", "/_mockdex/timeline", `{"events":[{"kind":"queue-busy","region":"WA","capacity":0,
		"after":{"operationId":"createQueuedGuestVisit","count":2}}]}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	guest := "/v1/booking/queued-guest-visit?product=DCIntSched"
	create := func(body string) int {
		resp := m.Do("POST", guest, body, m.XAPIKey())
		m.ReadBody(resp)
		return resp.StatusCode
	}
	require.Equal(t, 200, create(faultGuestBody))
	require.Equal(t, 400, create(strings.Replace(faultGuestBody, `"acceptedTerms": true`, `"acceptedTerms": "yes"`, 1)))
	assert.Equal(t, 200, create(faultGuestBody), "the refused call did not count: this is the second")
	assert.Equal(t, 409, create(faultGuestBody), "the count was reached: WA is busy")
	var tl struct{ Calls map[string]int }
	m.ReadJSON(m.Do("GET", "/_mockdex/timeline", ""), &tl)
	assert.Equal(t, map[string]int{"createQueuedGuestVisit": 2}, tl.Calls)
}

// A latency window slows its host's calls for its time, and the journal
// names it.
func TestTimelineLatencyWindow(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("PUT", "/_mockdex/timeline", `{"events":[{"id":"slow-api","kind":"latency","host":"api","at":"+0s","for":"1m",
		"delay":{"uniform":{"min":"40ms","max":"60ms"}}}]}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	start := time.Now()
	resp = m.Do("GET", modalities, "")
	m.ReadBody(resp)
	assert.Equal(t, 200, resp.StatusCode, "a latency window only delays")
	assert.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond)
	assert.Equal(t, "slow-api", resp.Header.Get("x-mockdex-fault"))
	entries := journalEntries(t, m, "?operationId=getModalities")
	require.Len(t, entries, 1)
	assert.Equal(t, "slow-api", entries[0].FaultID)
	assert.Equal(t, "delay", entries[0].FaultKind)

	m.Do("POST", "/_mockdex/clock", `{"advance":"1m"}`)
	resp = m.Do("GET", modalities, "")
	m.ReadBody(resp)
	assert.Empty(t, resp.Header.Get("x-mockdex-fault"), "the window is over")
}
