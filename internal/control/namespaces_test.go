package control_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// Two namespaces never see each other's visits, clock, faults or journal.
func TestNamespacesAreIsolated(t *testing.T) {
	m := mockdextest.NewServer(t)
	a, b := ns("team-a"), ns("team-b")
	va := createVisit(t, m, a)
	vb := createVisit(t, m, b)

	status, _ := visitStatus(t, m, va.VisitID, a)
	assert.Equal(t, http.StatusOK, status)
	status, _ = visitStatus(t, m, va.VisitID, b)
	assert.Equal(t, http.StatusNotFound, status, "team-b cannot see team-a's visit")
	status, _ = visitStatus(t, m, va.VisitID)
	assert.Equal(t, http.StatusNotFound, status, "nor can the default namespace")

	var c clockBody
	m.ReadJSON(m.Do("POST", "/_mockdex/clock", `{"advance":"2h"}`, a), &c)
	assert.Equal(t, mockdextest.Epoch.Add(2*time.Hour), c.Now.UTC())
	m.ReadJSON(m.Do("GET", "/_mockdex/clock", "", b), &c)
	assert.Equal(t, mockdextest.Epoch, c.Now.UTC(), "team-b's clock did not move")
	assert.Equal(t, mockdextest.Epoch, m.Clock.Now(), "nor did the default one")
	status, st := visitStatus(t, m, va.VisitID, a, joeIn(t, m, "team-a"))
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "done", st, "team-a's visit moved on with team-a's clock")
	_, st = visitStatus(t, m, vb.VisitID, b)
	assert.Equal(t, "requested", st)

	resp := m.Do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503}`, a)
	require.Equal(t, http.StatusCreated, resp.StatusCode, m.ReadBody(resp))
	assert.Equal(t, http.StatusServiceUnavailable, m.Do("GET", "/api/9/modalities", "", a).StatusCode)
	assert.Equal(t, http.StatusOK, m.Do("GET", "/api/9/modalities", "", b).StatusCode, "faults are per namespace")
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(m.Do("GET", "/_mockdex/faults", "", b)))

	var journal struct {
		Requests []struct {
			Path      string `json:"path"`
			Namespace string `json:"namespace"`
		} `json:"requests"`
	}
	m.ReadJSON(m.Do("GET", "/_mockdex/requests", "", b), &journal)
	require.NotEmpty(t, journal.Requests)
	for _, e := range journal.Requests {
		assert.Equal(t, "team-b", e.Namespace, e.Path)
	}
	require.Equal(t, http.StatusOK, m.Do("DELETE", "/_mockdex/requests", "", b, adminJSON).StatusCode)
	m.ReadJSON(m.Do("GET", "/_mockdex/requests", "", b), &journal)
	assert.Empty(t, journal.Requests, "team-b cleared its view")
	m.ReadJSON(m.Do("GET", "/_mockdex/requests", "", a), &journal)
	assert.NotEmpty(t, journal.Requests, "team-a's view is untouched")

	require.Equal(t, http.StatusOK, m.Do("POST", "/_mockdex/reset", "", a, adminJSON).StatusCode)
	status, _ = visitStatus(t, m, va.VisitID, a, joeIn(t, m, "team-a"))
	assert.Equal(t, http.StatusNotFound, status, "the reset emptied team-a")
	status, _ = visitStatus(t, m, vb.VisitID, b)
	assert.Equal(t, http.StatusOK, status, "and left team-b alone")
	m.ReadJSON(m.Do("GET", "/_mockdex/clock", "", a), &c)
	assert.Equal(t, mockdextest.Epoch.Add(2*time.Hour), c.Now.UTC(), "a reset keeps the namespace's clock")
}

func TestNamespacesListAndDelete(t *testing.T) {
	m := mockdextest.NewServer(t)
	createVisit(t, m, ns("ci-42"))
	m.ReadBody(m.Do("POST", "/_mockdex/clock", `{"advance":"1h"}`, ns("ci-42")))
	var list struct {
		Namespaces []struct {
			Name     string
			Created  time.Time
			LastUsed time.Time
			Visits   int
			Clock    clockBody
		}
		Max int
	}
	m.ReadJSON(m.Do("GET", "/_mockdex/namespaces", ""), &list)
	require.Len(t, list.Namespaces, 2)
	assert.Equal(t, 100, list.Max)
	def, ci := list.Namespaces[0], list.Namespaces[1]
	assert.Equal(t, "default", def.Name, "the default namespace comes first")
	assert.Equal(t, "ci-42", ci.Name)
	assert.Equal(t, 1, ci.Visits)
	assert.Equal(t, 0, def.Visits)
	assert.Equal(t, mockdextest.Epoch.Add(time.Hour), ci.Clock.Now.UTC())
	assert.Equal(t, "manual", ci.Clock.Mode)
	assert.False(t, ci.Created.IsZero())
	assert.False(t, ci.LastUsed.Before(ci.Created))

	runAdmin(t, m, []adminCall{
		{"DELETE", "/_mockdex/namespaces/ci-42", http.StatusOK, `{"deleted":"ci-42"}`},
		{"DELETE", "/_mockdex/namespaces/ci-42", http.StatusNotFound, `{"error":"no namespace called ci-42"}`},
		{"DELETE", "/_mockdex/namespaces/default", http.StatusBadRequest,
			`{"error":"the default namespace cannot be removed; POST /_mockdex/reset empties it"}`},
		{"DELETE", "/_mockdex/namespaces/Not%20Valid", http.StatusBadRequest,
			`{"error":"'Not Valid' is not a namespace name: names match ^[a-z0-9][a-z0-9._-]{0,62}$"}`},
	})
	m.ReadJSON(m.Do("GET", "/_mockdex/namespaces", ""), &list)
	assert.Len(t, list.Namespaces, 1)
	var c clockBody
	m.ReadJSON(m.Do("GET", "/_mockdex/clock", "", ns("ci-42")), &c)
	assert.Equal(t, mockdextest.Epoch, c.Now.UTC(), "used again, the name starts a new namespace")
}

type adminCall struct {
	method, path string
	status       int
	want         string
}

func runAdmin(t *testing.T, m *mockdextest.Server, calls []adminCall) {
	t.Helper()
	for _, c := range calls {
		resp := m.Do(c.method, c.path, "", adminJSON)
		body := m.ReadBody(resp)
		assert.Equal(t, c.status, resp.StatusCode, "%s %s: %s", c.method, c.path, body)
		assert.JSONEq(t, c.want, body, "%s %s", c.method, c.path)
	}
}

// A bad name is a 400 in the shape of whatever was asked for: the
// operation's own error body, the admin error, the page.
func TestBadNamespaceNames(t *testing.T) {
	m := mockdextest.NewServer(t)
	const msg = "X-Mockdex-Namespace must be 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
	for _, name := range []string{"Team-A", "-lead", "has space", "ümlaut", strings.Repeat("a", 64)} {
		resp := m.Do("GET", "/api/9/modalities", "", ns(name))
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		assert.JSONEq(t, `{"error":"`+msg+`"}`, m.ReadBody(resp), name)
	}
	resp := m.Do("POST", "/v1/booking/queued-guest-visit?product=DCIntSched", "{}", ns("BAD"), m.XAPIKey())
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.JSONEq(t, `{"code":"OPENAPI_VALIDATION_ERROR","error":"`+msg+`"}`, m.ReadBody(resp), "the guest family's shape")
	resp = m.Do("GET", "/_mockdex/clock", "", ns("BAD"))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.JSONEq(t, `{"error":"`+msg+`"}`, m.ReadBody(resp), "the admin shape")
	resp = m.Do("GET", "/visit/x?_mockdex_ns=BAD", "")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), "X-Mockdex-Namespace must be 1 to 63 lowercase letters", "the page family's error page")
	for _, name := range []string{"a", "ci-42", "team_a.b-c", strings.Repeat("a", 63), "0"} {
		resp := m.Do("GET", "/api/9/modalities", "", ns(name))
		m.ReadBody(resp)
		assert.Equal(t, http.StatusOK, resp.StatusCode, name)
	}
}

// A browser cannot send the header, so the links and forms of the pages
// carry the namespace.
func TestPagesKeepTheBrowserInItsNamespace(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m, ns("team-a"))
	u, err := url.Parse(v.VisitRedirectURL)
	require.NoError(t, err)
	assert.Equal(t, "team-a", u.Query().Get("_mockdex_ns"), v.VisitRedirectURL)
	resp, err := m.Client.Get(v.VisitRedirectURL)
	require.NoError(t, err)
	page := m.ReadBody(resp)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the link finds the visit without the header")
	assert.Contains(t, page, v.VisitID)
	resp = m.Do("GET", "/visit/"+v.VisitID+"?brand=providence", "")
	m.ReadBody(resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "not in the default namespace")
	assert.NotContains(t, createVisit(t, m).VisitRedirectURL, "_mockdex_ns", "the default namespace needs no parameter")

	slots := m.ReadBody(m.Do("GET", "/retail?brand=acme&aggregate=true&_mockdex_ns=team-a", ""))
	link := regexp.MustCompile(`href="(/retail\?[^"]+)"`).FindStringSubmatch(slots)
	require.NotNil(t, link, slots)
	href := strings.ReplaceAll(link[1], "&amp;", "&")
	assert.Contains(t, href, "_mockdex_ns=team-a", "the slot links stay in the namespace")
	form := m.ReadBody(m.Do("GET", href, ""))
	action := regexp.MustCompile(`<form method="post" action="([^"]+)"`).FindStringSubmatch(form)
	require.NotNil(t, action, form)
	assert.Equal(t, "/retail?_mockdex_ns=team-a", action[1])
	fields := url.Values{"firstName": {"Ada"}, "lastName": {"Lovelace"}, "dateOfBirth": {"1990-12-10"}, "visitReason": {"ankle"}}
	for _, hidden := range regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`).FindAllStringSubmatch(form, -1) {
		fields.Set(hidden[1], strings.ReplaceAll(hidden[2], "&#43;", "+"))
	}
	resp, err = m.Client.PostForm(m.URL+action[1], fields)
	require.NoError(t, err)
	done := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, done)
	id := regexp.MustCompile(`<code id="visit-id">([^<]+)</code>`).FindStringSubmatch(done)
	require.NotNil(t, id)
	var shown struct{ Kind string }
	m.ReadJSON(m.Do("GET", "/_mockdex/visits/"+id[1], "", ns("team-a")), &shown)
	assert.Equal(t, "retail", shown.Kind, "booked in team-a")
	resp = m.Do("GET", "/_mockdex/visits/"+id[1], "")
	m.ReadBody(resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "not in the default namespace")
}

func TestTheHeaderWinsOverTheParameter(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("POST", "/_mockdex/clock", `{"advance":"1h"}`, ns("by-header")))
	var c clockBody
	m.ReadJSON(m.Do("GET", "/_mockdex/clock?_mockdex_ns=by-param", "", ns("by-header")), &c)
	assert.Equal(t, mockdextest.Epoch.Add(time.Hour), c.Now.UTC())
}
