package control_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const closesAt10 = `{"events":[{"id":"wa","kind":"region-closes","region":"WA","at":"+1h","for":"2h"},
	{"kind":"outage","host":"api","at":"+30m","for":"10m","fault":{"status":503,"headers":{"Retry-After":"60"}}}]}`

// The timeline is the namespace's: set, read, cleared, refused with the
// field named, and another namespace never sees it.
func TestTimelineEndpoints(t *testing.T) {
	m := mockdextest.NewServer(t)
	ns := "X-Mockdex-Namespace: team-a"
	resp := m.Do("PUT", "/_mockdex/timeline", closesAt10, ns)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got struct {
		Namespace string
		Start     string
		Events    []map[string]any
	}
	m.ReadJSON(resp, &got)
	assert.Equal(t, "team-a", got.Namespace)
	assert.Equal(t, "2024-06-03T16:00:00Z", got.Start, "relative times count from the namespace's now")
	require.Len(t, got.Events, 2)
	assert.Equal(t, map[string]any{"id": "wa", "kind": "region-closes", "region": "WA", "at": "+1h", "for": "2h",
		"state": "pending", "firesAt": "2024-06-03T17:00:00Z", "endsAt": "2024-06-03T19:00:00Z"}, got.Events[0])
	assert.Equal(t, "t2", got.Events[1]["id"])

	assert.JSONEq(t, `{"namespace":"default","now":"2024-06-03T16:00:00Z","events":[]}`, m.ReadBody(m.Do("GET", "/_mockdex/timeline", "")),
		"the default namespace has none")

	m.Do("POST", "/_mockdex/clock", `{"advance":"35m"}`, ns)
	resp = m.Do("GET", "/api/9/modalities", "", ns)
	m.ReadBody(resp)
	assert.Equal(t, 503, resp.StatusCode, "the outage holds")
	assert.Equal(t, "t2", resp.Header.Get("x-mockdex-fault"))
	assert.Equal(t, "60", resp.Header.Get("Retry-After"))
	resp = m.Do("GET", "/api/9/modalities", "")
	m.ReadBody(resp)
	assert.Equal(t, 200, resp.StatusCode, "in its own namespace only")

	resp = m.Do("PUT", "/_mockdex/timeline", `{"events":[{"kind":"region-closes","region":"ZZ","at":"+1h"}]}`, ns)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), `events[0].region: \"ZZ\" is not a region of any practice`)
	resp = m.Do("PUT", "/_mockdex/timeline", `{"events":[{"kind":"region-closes","region":"WA","at":"+1h","colour":1}]}`, ns)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), `unknown field \"colour\"`)
	var still struct{ Events []json.RawMessage }
	m.ReadJSON(m.Do("GET", "/_mockdex/timeline", "", ns), &still)
	assert.Len(t, still.Events, 2, "a refused timeline changes nothing")

	assert.JSONEq(t, `{"namespace":"team-a","now":"2024-06-03T16:35:00Z","start":"2024-06-03T16:35:00Z","events":[]}`,
		m.ReadBody(m.Do("DELETE", "/_mockdex/timeline", "", ns, "Content-Type: application/json")))
}

// A timeline may be larger than other control-plane bodies (up to a
// MiB): 500 events of a region's closing come to about 85 KiB.
func TestTimelineBodyLimit(t *testing.T) {
	m := mockdextest.NewServer(t)
	events := make([]string, 500)
	for i := range events {
		events[i] = fmt.Sprintf(`{"id":"e-%03d-%s","kind":"region-closes","region":"WA","practiceId":"%s","at":"+1h"}`,
			i, strings.Repeat("x", 50), mockdextest.PracticeVirtualVisits)
	}
	body := `{"events":[` + strings.Join(events, ",") + `]}`
	require.Greater(t, len(body), 64<<10)
	resp := m.Do("PUT", "/_mockdex/timeline", body)
	assert.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
}

// A fault naming its namespace goes there when the request names none,
// and is refused when the request names another.
func TestFaultNamesItsNamespace(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503,"namespace":"team-a"}`)
	require.Equal(t, http.StatusCreated, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("GET", "/api/9/modalities", "", "X-Mockdex-Namespace: team-a")
	m.ReadBody(resp)
	assert.Equal(t, 503, resp.StatusCode, "team-a meets it")
	resp = m.Do("GET", "/api/9/modalities", "")
	m.ReadBody(resp)
	assert.Equal(t, 200, resp.StatusCode, "the default namespace does not")
	resp = m.Do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503,"namespace":"team-a"}`, "X-Mockdex-Namespace: team-b")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), "'namespace' team-a is not the namespace the request names (team-b)")
}
