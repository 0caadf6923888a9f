package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

func TestDashboardShowsTheMock(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getPractice","status":503}`)
	m.ReadBody(m.Do("GET", "/api/9/modalities", ""))
	for _, c := range []struct{ path, body, auth string }{
		{bookingPath, bookingBody(kentSlot("10:10"), nil), m.Bearer(patientA)},
		{avrPath, `{"type":"virtual"}`, m.DCToken()},
	} {
		resp := m.Do("POST", c.path, c.body, c.auth)
		require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	}

	resp := m.Do("GET", "/_mockdex/", "")
	page := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, page, `<time id="clock-now" datetime="2024-06-03T16:00:00Z">`)
	assert.Contains(t, page, "<code>createVisitV9</code>", "the spec's operations are listed")
	assert.Contains(t, page, "<code>/api/9/visits</code>")
	assert.Contains(t, page, "<code>GET /api/9/modalities</code>", "the last requests are listed")
	assert.Contains(t, page, "<td>f1</td><td>getPractice</td><td>503</td>", "active faults are listed")
	assert.Contains(t, page, "<tr><td>provider_booking</td><td>scheduled</td><td>1</td></tr>", "visits by kind and status")
	assert.Contains(t, page, "<tr><td>QUEUED</td><td>1</td></tr>", "report jobs by status")
	assert.NotContains(t, page, "<script")
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

func TestDashboardWithoutTheSlash(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp, err := noRedirects(m).Get(m.URL + "/_mockdex")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/_mockdex/", resp.Header.Get("Location"))
}

func TestDashboardForms(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := postForm(t, m, "/_mockdex/dashboard/advance", url.Values{"by": {"15m"}})
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/_mockdex/?done=advanced", resp.Header.Get("Location"))
	assert.Equal(t, mockdextest.Epoch.Add(15*time.Minute), m.Clock.Now())
	assert.Contains(t, m.ReadBody(m.Do("GET", "/_mockdex/?done=advanced", "")), "2024-06-03T16:15:00Z")

	assert.Equal(t, http.StatusBadRequest, postForm(t, m, "/_mockdex/dashboard/advance", url.Values{"by": {"100h"}}).StatusCode)
	assert.Equal(t, mockdextest.Epoch.Add(15*time.Minute), m.Clock.Now(), "only the page's steps are accepted")

	world := serverOf(m).World()
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/reset", nil).StatusCode)
	assert.NotSame(t, world, serverOf(m).World(), "the world was rebuilt")

	id := addFault(t, m, `{"operationId":"getPractice","status":503}`)
	assert.Equal(t, http.StatusSeeOther, postForm(t, m, "/_mockdex/dashboard/faults/"+id+"/remove", nil).StatusCode)
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(m.Do("GET", "/_mockdex/faults", "")))
	assert.Equal(t, http.StatusNotFound, postForm(t, m, "/_mockdex/dashboard/faults/"+id+"/remove", nil).StatusCode)
}

// The dashboard's buttons move the clock through the same range check as
// POST /_mockdex/clock.
func TestDashboardAdvanceKeepsTheClockInRange(t *testing.T) {
	m := mockdextest.NewServer(t)
	edge := time.Date(8999, 12, 31, 23, 30, 0, 0, time.UTC)
	m.Clock.Set(edge)
	resp := postForm(t, m, "/_mockdex/dashboard/advance", url.Values{"by": {"1h"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, edge, m.Clock.Now())
}
