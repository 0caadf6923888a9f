package control_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// dashboard reads the dashboard page of a namespace ("" for the default).
func dashboard(t *testing.T, m *mockdextest.Server, query string) string {
	t.Helper()
	resp := m.Do("GET", "/_mockdex/"+query, "")
	page := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	return page
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// csrf is the per-process token the page's forms carry.
func csrf(t *testing.T, page string) string {
	t.Helper()
	mm := csrfRE.FindStringSubmatch(page)
	require.NotNil(t, mm, "the page's forms carry the token")
	return mm[1]
}

// noRedirects is a client that shows a 303 instead of following it.
func noRedirects(m *mockdextest.Server) *http.Client {
	c := *m.Client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func postForm(t *testing.T, m *mockdextest.Server, path string, form url.Values) *http.Response {
	t.Helper()
	resp, err := noRedirects(m).Post(m.URL+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

func TestDashboardShowsTheNamespace(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m)
	resp := m.Do("POST", "/_mockdex/faults", `{"operationId":"getPractice","status":503}`)
	require.Equal(t, http.StatusCreated, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	createVisit(t, m, ns("team-b")) // another namespace's visit stays off this page

	page := dashboard(t, m, "")
	assert.Contains(t, page, `<time id="clock-now" datetime="2024-06-03T16:00:00Z">`)
	assert.Contains(t, page, `<tr id="visit-`+v.VisitID+`" data-visit="`+v.VisitID+`" data-status="requested">`)
	assert.Contains(t, page, `<td>virtual</td><td class="status">requested</td><td>WA</td>`, "kind, status and region")
	assert.Contains(t, page, `(planned)</li>`, "the planned timeline")
	assert.Contains(t, page, `<a href="/visit/`+v.VisitID+`?brand=providence">waiting room</a>`)
	assert.Contains(t, page, `action="/_mockdex/dashboard/visits/`+v.VisitID+`/cancel"`)
	assert.Contains(t, page, "1 visits made by requests")
	assert.Contains(t, page, "<td>f1</td><td>getPractice</td><td>status</td><td>503</td>", "active faults")
	assert.Contains(t, page, `<td>virtual</td><td>2024-05-24 to 2024-06-03</td><td>2024-06-03 16:00:00</td><td>QUEUED</td>`, "report jobs")
	assert.Contains(t, page, "<code>POST /api/9/visits</code>", "the namespace's journal")
	assert.Equal(t, 1, strings.Count(page, "<code>POST /api/9/visits</code>"), "only this namespace's requests")
	assert.Contains(t, page, `<option value="team-b">`, "the namespace picker")
	assert.Contains(t, page, `<script src="/_mockdex/static/dashboard.js"></script>`)

	other := dashboard(t, m, "?_mockdex_ns=team-b")
	assert.Contains(t, other, "Mock time in <strong>team-b</strong>")
	assert.NotContains(t, other, v.VisitID)
	assert.NotContains(t, other, "getPractice</td><td>503", "faults are per namespace")
	assert.Contains(t, other, `action="/_mockdex/dashboard/clock?_mockdex_ns=team-b"`, "forms stay in the namespace")
}

func TestDashboardPagesThroughVisits(t *testing.T) {
	m := mockdextest.NewServer(t)
	var ids []string
	for i := range 55 { // more than the queues admit: straight into the store
		id := fmt.Sprintf("visit-%02d", i)
		mockOf(m).World().Visits.Add(fakes.Visit{ID: id, Kind: fakes.KindRetail, Created: mockdextest.Epoch.Add(time.Duration(i) * time.Second),
			Timeline: []fakes.Transition{{Status: fakes.StatusScheduled, At: mockdextest.Epoch}}})
		ids = append(ids, id)
	}
	first := dashboard(t, m, "")
	assert.Contains(t, first, "Page 1 of 2, newest first; 55 visits made by requests")
	assert.Contains(t, first, ids[54])
	assert.Contains(t, first, ids[5])
	assert.NotContains(t, first, ids[4])
	assert.Less(t, strings.Index(first, ids[54]), strings.Index(first, ids[53]), "newest first")
	assert.Contains(t, first, `<a href="/_mockdex/?page=1#visits-h">older →</a>`)

	second := dashboard(t, m, "?page=1")
	assert.Contains(t, second, "Page 2 of 2")
	assert.Contains(t, second, ids[0])
	assert.Contains(t, second, ids[4])
	assert.NotContains(t, second, ids[5])
	assert.Contains(t, second, `← newer`)
	assert.Contains(t, dashboard(t, m, "?page=99"), "Page 2 of 2", "past the end shows the last page")
}

func TestDashboardForms(t *testing.T) {
	m := mockdextest.NewServer(t)
	token := csrf(t, dashboard(t, m, ""))
	form := func(kv ...string) url.Values {
		v := url.Values{"csrf": {token}}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	resp := postForm(t, m, "/_mockdex/dashboard/clock", form("by", "15m"))
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/_mockdex/?done=clock", resp.Header.Get("Location"))
	assert.Equal(t, mockdextest.Epoch.Add(15*time.Minute), m.Clock.Now())
	assert.Contains(t, dashboard(t, m, "?done=clock"), "Clock moved.")
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/clock", form("set", "2024-06-04T16:00:00Z")).StatusCode)
	assert.Equal(t, mockdextest.Epoch.Add(24*time.Hour), m.Clock.Now())
	assert.Equal(t, http.StatusBadRequest, postForm(t, m, "/_mockdex/dashboard/clock", form("advance", "a while")).StatusCode)

	v := createVisit(t, m)
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/visits/"+v.VisitID+"/cancel", form()).StatusCode)
	_, status := visitStatus(t, m, v.VisitID)
	assert.Equal(t, "cancelled", status)
	assert.Equal(t, http.StatusConflict, postForm(t, m, "/_mockdex/dashboard/visits/"+v.VisitID+"/decline", form()).StatusCode,
		"an ended visit cannot be declined")

	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/faults",
		form("operationId", "getPractice", "status", "503", "times", "2")).StatusCode)
	assert.JSONEq(t, `{"faults":[{"id":"f1","operationId":"getPractice","kind":"status","status":503,"times":2,"probability":1,"fired":0}]}`,
		m.ReadBody(m.Do("GET", "/_mockdex/faults", "")))
	assert.Equal(t, http.StatusBadRequest, postForm(t, m, "/_mockdex/dashboard/faults", form("operationId", "nope", "status", "503")).StatusCode)
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/faults/f1/remove", form()).StatusCode)
	assert.Equal(t, http.StatusNotFound, postForm(t, m, "/_mockdex/dashboard/faults/f1/remove", form()).StatusCode)

	world := mockOf(m).World()
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/reset", form()).StatusCode)
	assert.NotSame(t, world, mockOf(m).World(), "the world was rebuilt")
}

func TestDashboardReportButtonsAndCSV(t *testing.T) {
	m := mockdextest.NewServer(t)
	token := csrf(t, dashboard(t, m, ""))
	start := func() string {
		resp := m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
		var job struct{ ID string }
		m.ReadJSON(resp, &job)
		return job.ID
	}
	failed, cancelled, done := start(), start(), start()
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/reports/"+failed+"/fail", url.Values{"csrf": {token}}).StatusCode)
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/reports/"+cancelled+"/cancel", url.Values{"csrf": {token}}).StatusCode)
	resp := m.Do("GET", "/_mockdex/reports/"+done+"/csv", "")
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "no CSV before the job succeeds: %s", m.ReadBody(resp))

	m.Clock.Advance(time.Hour)
	page := dashboard(t, m, "")
	assert.Contains(t, page, `<a href="/_mockdex/reports/`+done+`/csv">CSV</a>`)
	assert.Contains(t, page, "<td>CANCELLED</td>")
	resp = m.Do("GET", "/_mockdex/reports/"+done+"/csv", "")
	csv := m.ReadBody(resp)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/csv", resp.Header.Get("Content-Type"))
	api := m.ReadBody(m.Do("GET", "/api/8/reporting/allvisitsreport/"+done+"/data", "", m.DCToken()))
	assert.Equal(t, api, csv, "the same rows the reporting API serves")
}

func TestDashboardFormsNeedTheToken(t *testing.T) {
	m := mockdextest.NewServer(t)
	for _, token := range []string{"", "0123abcd"} {
		resp := postForm(t, m, "/_mockdex/dashboard/clock", url.Values{"csrf": {token}, "by": {"1h"}})
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	}
	assert.Equal(t, mockdextest.Epoch, m.Clock.Now())
}

func TestDashboardRequestEntry(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("GET", "/api/9/modalities", "", "correlation-id: look-at-me"))
	page := dashboard(t, m, "")
	require.Contains(t, page, `<a href="/_mockdex/dashboard/requests/1">1</a>`)
	resp := m.Do("GET", "/_mockdex/dashboard/requests/1", "")
	entry := m.ReadBody(resp)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, entry, "<code>GET /api/9/modalities</code>")
	assert.Contains(t, entry, "&#34;correlationId&#34;: &#34;look-at-me&#34;")
	assert.Equal(t, http.StatusNotFound, m.Do("GET", "/_mockdex/dashboard/requests/1?_mockdex_ns=other", "").StatusCode,
		"another namespace's journal does not have it")
}

func TestDashboardPageIsLockedDown(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/_mockdex/", "")
	m.ReadBody(resp)
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"), "its buttons change state: never framed")
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")

	resp, err := noRedirects(m).Get(m.URL + "/_mockdex")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/_mockdex/", resp.Header.Get("Location"))

	resp = m.Do("GET", "/_mockdex/static/dashboard.js", "")
	js := m.ReadBody(resp)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, js, "data-live")
}

// TokBox events recorded on a visit show on its dashboard row and in the
// control plane's look at it.
func TestDashboardShowsTokBoxEvents(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("POST", "/api/9/visits", joeVisit(t), m.Bearer(joeGUID))
	var v struct {
		VisitID     string
		TokBoxVisit struct{ WaitingRoomSession struct{ SessionID string } }
	}
	m.ReadJSON(resp, &v)
	require.NotEmpty(t, v.TokBoxVisit.WaitingRoomSession.SessionID)
	for _, e := range []string{"connectionCreated", "streamCreated"} {
		resp := m.Do("POST", "/api/9/tokbox-events", `{"sessionId":"`+v.TokBoxVisit.WaitingRoomSession.SessionID+
			`","projectId":"1","event":"`+e+`","timestamp":1717430400000,"connection":{"id":"conn-1","createdAt":1717430400000}}`)
		require.Equal(t, http.StatusAccepted, resp.StatusCode, m.ReadBody(resp))
	}

	page := dashboard(t, m, "")
	assert.Contains(t, page, `<ul class="tokbox" aria-label="TokBox events of visit `+v.VisitID+`"><li>TokBox waitingRoom: connectionCreated 2024-06-03 16:00:00</li><li>TokBox waitingRoom: streamCreated`)
	var shown struct {
		TokBoxEvents []struct{ Session, Event, ConnectionID string }
	}
	m.ReadJSON(m.Do("GET", "/_mockdex/visits/"+v.VisitID, ""), &shown)
	require.Len(t, shown.TokBoxEvents, 2)
	assert.Equal(t, "connectionCreated", shown.TokBoxEvents[0].Event)
	assert.Equal(t, "conn-1", shown.TokBoxEvents[0].ConnectionID)
}
