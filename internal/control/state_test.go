package control_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const avrPath = "/api/8/reporting/allvisitsreport"

// exportState is GET /_mockdex/state, decoded, with headers.
func exportState(t *testing.T, m *mockdextest.Server, headers ...string) (string, map[string]any) {
	t.Helper()
	resp := m.Do("GET", "/_mockdex/state", "", headers...)
	body := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var doc map[string]any
	decode(t, body, &doc)
	return body, doc
}

// busyNamespace fills namespace name with a visit, a provider booking, a
// report job and a fault, and moves its clock on so the visit has a
// provider and events.
func busyNamespace(t *testing.T, m *mockdextest.Server, name string) string {
	t.Helper()
	v := createVisit(t, m, ns(name))
	resp := m.Do("POST", "/api/7/visits/providerbooking", kentBooking("13:10"), m.Bearer(joeGUID), ns(name))
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", avrPath, `{"type":"virtual"}`, m.DCToken(), ns(name))
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503,"times":5}`, ns(name))
	require.Equal(t, http.StatusCreated, resp.StatusCode, m.ReadBody(resp))
	m.ReadBody(m.Do("POST", "/_mockdex/clock", `{"advance":"10m"}`, ns(name)))
	return v.VisitID
}

// withoutWallTime drops the one thing an import changes on purpose: the
// wall time the clock reading was taken at.
func withoutWallTime(doc map[string]any) map[string]any {
	if ctl, ok := doc["control"].(map[string]any); ok {
		if c, ok := ctl["clock"].(map[string]any); ok {
			delete(c, "wallAt")
		}
	}
	return doc
}

// Export, reset, import gives back the same visits, bookings, events,
// report jobs and faults, and the clock where it stood.
func TestStateRoundTrip(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := busyNamespace(t, m, "rt")
	exported, before := exportState(t, m, ns("rt"))
	for _, list := range []string{"visits", "events", "reports", "slots"} {
		require.NotEmpty(t, before[list], list)
	}

	require.Equal(t, http.StatusOK, m.Do("POST", "/_mockdex/reset", "", ns("rt"), adminJSON).StatusCode)
	m.ReadBody(m.Do("POST", "/_mockdex/clock", `{"advance":"5h"}`, ns("rt")))
	status, _ := visitStatus(t, m, id, ns("rt"), joeIn(t, m, "rt"))
	require.Equal(t, http.StatusNotFound, status, "the reset emptied the namespace")

	resp := m.Do("PUT", "/_mockdex/state", exported, ns("rt"))
	body := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.JSONEq(t, `{"namespace":"rt","visits":2,"patients":0,"events":6,"reports":1,"slots":1}`, body)

	_, after := exportState(t, m, ns("rt"))
	assert.Equal(t, withoutWallTime(before), withoutWallTime(after))
	status, st := visitStatus(t, m, id, ns("rt"), joeIn(t, m, "rt"))
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "invisit", st)
	assert.Equal(t, http.StatusServiceUnavailable, m.Do("GET", "/api/9/modalities", "", ns("rt")).StatusCode, "the fault came back")
	var c clockBody
	m.ReadJSON(m.Do("GET", "/_mockdex/clock", "", ns("rt")), &c)
	assert.Equal(t, mockdextest.Epoch.Add(10*time.Minute), c.Now.UTC(), "the clock is where it was exported")
}

// A bad document is refused with the field at fault, and the namespace
// keeps what it had.
func TestStateImportRefusesBadDocuments(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := busyNamespace(t, m, "keep")
	good, _ := exportState(t, m, ns("keep"))
	for name, tc := range map[string]struct{ doc, want string }{
		"not JSON":        {`{"format":`, "state document refused"},
		"other version":   {strings.Replace(good, `"version":1`, `"version":7`, 1), "version: is 7; this mockdex reads version 1"},
		"unknown field":   {strings.Replace(good, `"format"`, `"colour":"red","format"`, 1), "colour"},
		"other seed":      {strings.Replace(good, `"historyDays":0`, `"historyDays":3`, 1), "generated"},
		"unknown fault":   {strings.Replace(good, `"operationId":"getModalities"`, `"operationId":"nope"`, 1), "control.faults.faults[0]"},
		"bad clock":       {strings.Replace(good, `"clock":{"at":"2024`, `"clock":{"at":"0024`, 1), "control.clock"},
		"unknown control": {strings.Replace(good, `"control":{`, `"control":{"x":1,`, 1), "control"},
	} {
		resp := m.Do("PUT", "/_mockdex/state", tc.doc, ns("keep"))
		body := m.ReadBody(resp)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		assert.Contains(t, body, tc.want, name)
		status, _ := visitStatus(t, m, id, ns("keep"), joeIn(t, m, "keep"))
		assert.Equal(t, http.StatusOK, status, name+": the world is unchanged")
	}
	again, _ := exportState(t, m, ns("keep"))
	assert.JSONEq(t, good, again)
}

// A state document has its own cap, far above the 64 KiB of other
// control-plane bodies.
func TestStateImportHasItsOwnCap(t *testing.T) {
	m := mockdextest.NewServer(t)
	good, _ := exportState(t, m)
	padded := strings.Replace(good, `"visits":[]`, `"visits":[]`+strings.Repeat(" ", 100<<10), 1)
	resp := m.Do("PUT", "/_mockdex/state", padded)
	assert.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp), "100 KiB is fine for a state document")
	resp = m.Do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503,"body":"`+strings.Repeat("x", 100<<10)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, m.ReadBody(resp), "but not for a fault")
}
