package control_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// The fault form takes what POST /_mockdex/faults takes, a call described
// by method, path and body fields, and an answer with headers.
func TestDashboardFaultFormDescribesACall(t *testing.T) {
	m := mockdextest.NewServer(t)
	token := csrf(t, dashboard(t, m, ""))
	form := url.Values{"csrf": {token}, "method": {"POST"}, "path": {"/api/9/visits"},
		"bodyFields": {"/visitDetails/stateLicensure = WA\n/urgency = 1"}, "requestHeaders": {"X-Platform: ios"},
		"query": {"product=DexCare"}, "status": {"503"}, "headers": {"Retry-After: 120"}}
	require.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/faults", form).StatusCode)
	assert.JSONEq(t, `{"faults":[{"id":"f1","method":"POST","path":"/api/9/visits","query":{"product":"DexCare"},
		"requestHeaders":{"X-Platform":"ios"},"bodyFields":{"/visitDetails/stateLicensure":"WA","/urgency":1},
		"kind":"status","status":503,"headers":{"Retry-After":"120"},"times":null,"probability":1,"fired":0}]}`,
		m.ReadBody(m.Do("GET", "/_mockdex/faults", "")))
	page := dashboard(t, m, "")
	assert.Contains(t, page, "<td>f1</td><td>POST /api/9/visits, ?product=DexCare, header X-Platform=ios, body /urgency=1, body /visitDetails/stateLicensure=&#34;WA&#34;</td><td>status</td>")

	slow := url.Values{"csrf": {token}, "operationId": {"getModalities"}, "kind": {"slow-body"}, "bytesPerSecond": {"10"},
		"delay": {`{"lognormal":{"median":"1s","sigma":0.5}}`}}
	require.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/faults", slow).StatusCode)
	assert.Contains(t, dashboard(t, m, ""), "<td>f2</td><td>getModalities</td><td>slow-body</td><td>(handler)</td><td>lognormal median 1s sigma 0.5</td>")

	bad := url.Values{"csrf": {token}, "method": {"GET"}, "path": {"/api/9/nowhere"}, "status": {"503"}}
	assert.Equal(t, http.StatusBadRequest, postForm(t, m, "/_mockdex/dashboard/faults", bad).StatusCode)
}

// The dashboard shows the namespace's timeline and sets or clears it.
func TestDashboardTimeline(t *testing.T) {
	m := mockdextest.NewServer(t)
	token := csrf(t, dashboard(t, m, ""))
	assert.Contains(t, dashboard(t, m, ""), "No timeline.")
	set := url.Values{"csrf": {token}, "timeline": {`{"events":[{"id":"wa-closes","kind":"region-closes","region":"WA","at":"+1h","for":"30m"},
		{"kind":"provider-declines","region":"WA","limit":1,"after":{"operationId":"createVisitV9","count":2}}]}`}}
	require.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/timeline", set).StatusCode)
	page := dashboard(t, m, "?done=timelineset")
	assert.Contains(t, page, "Timeline set.")
	assert.Contains(t, page, "<td>wa-closes</td><td>region-closes</td><td>2024-06-03 17:00:00</td><td>2024-06-03 17:30:00</td><td>pending</td><td>region WA</td>")
	assert.Contains(t, page, "<td>t2</td><td>provider-declines</td><td>after 2× createVisitV9</td><td></td><td>waiting</td><td>region WA, at most 1</td>")

	bad := url.Values{"csrf": {token}, "timeline": {`{"events":[{"kind":"region-closes","at":"+1h"}]}`}}
	assert.Equal(t, http.StatusBadRequest, postForm(t, m, "/_mockdex/dashboard/timeline", bad).StatusCode)
	clear := url.Values{"csrf": {token}, "clear": {"1"}}
	require.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/timeline", clear).StatusCode)
	assert.Contains(t, dashboard(t, m, ""), "No timeline.")
}
