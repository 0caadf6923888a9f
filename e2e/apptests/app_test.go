package apptests

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/chromium"
	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/mockdextest"
)

// answer is what the page read of one call.
type answer struct {
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
	Correlation string          `json:"correlation"`
}

func (a answer) field(t *testing.T, name string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.Body, &m), "%s", a.Body)
	s, _ := m[name].(string)
	return s
}

// appServer serves the app's page on an origin of its own
// (http://localhost:PORT; the mock is at 127.0.0.1), and the patient
// details the app's backend would hold.
func appServer(t *testing.T) string {
	t.Helper()
	page, err := os.ReadFile("testdata/app.html")
	require.NoError(t, err)
	patients := fixturePatients(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/callback":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/patient.json":
			json.NewEncoder(w).Encode(patients[r.URL.Query().Get("guid")])
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// fixturePatients are the default world's patients with the fields a
// visit request carries.
func fixturePatients(t *testing.T) map[string]map[string]any {
	b, err := fs.ReadFile(fixtures.Default(), "patients.json")
	require.NoError(t, err)
	var list []map[string]any
	require.NoError(t, json.Unmarshal(b, &list))
	out := map[string]map[string]any{}
	for _, p := range list {
		keep := map[string]any{}
		for _, k := range []string{"patientGuid", "firstName", "lastName", "gender", "dateOfBirth", "phone", "email", "address", "homeMarket"} {
			if v, ok := p[k]; ok {
				keep[k] = v
			}
		}
		out[p["patientGuid"].(string)] = keep
	}
	return out
}

// eval runs an async function of the page and decodes the JSON it returns.
func eval(t *testing.T, tab context.Context, js string, out any) {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	require.NoError(t, err, js)
	require.NoError(t, json.Unmarshal([]byte(s), out), s)
}

// bookAndRead is the flow every origin test runs: a visit created, its
// summary and a report read, the mock's error bodies readable, the
// control plane refused, all from the app's page.
func bookAndRead(t *testing.T, b *chromium.Browser, m *mockdextest.Server, wantProtocol string) {
	tab := b.Tab(t)
	app := appServer(t)
	protocols := watchProtocols(t, tab, m.URL)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(app+"/?mock="+url.QueryEscape(m.URL))))

	from, to := m.Clock.Now().Add(-time.Hour).Format(time.RFC3339), m.Clock.Now().Add(time.Hour).Format(time.RFC3339)
	var got struct {
		Created, Summary, Refused, Namespaced, Missing, Report answer
	}
	eval(t, tab, `bookAndRead(`+js(m.Token(mockdextest.PatientJoe))+`, `+js(mockdextest.PatientJoe)+`, `+js(m.ServiceKey())+`, `+js(from)+`, `+js(to)+`)`, &got)

	require.Equal(t, http.StatusOK, got.Created.Status, "%s", got.Created.Body)
	visit := got.Created.field(t, "visitId")
	assert.Equal(t, "app-trace-1", got.Created.Correlation, "an exposed header")
	assert.Equal(t, http.StatusOK, got.Summary.Status)
	assert.Equal(t, visit, got.Summary.field(t, "visitId"))
	assert.Equal(t, http.StatusUnauthorized, got.Refused.Status)
	assert.JSONEq(t, `{"error":"Unauthorized: invalid or expired token"}`, string(got.Refused.Body), "the error body is readable")
	assert.Equal(t, http.StatusOK, got.Namespaced.Status, "the namespace header is granted")
	assert.Equal(t, http.StatusNotFound, got.Missing.Status, "a path the spec lacks: its 404, not a CORS failure")
	require.Equal(t, http.StatusOK, got.Report.Status, "%s", got.Report.Body)
	seen := protocols()
	assert.NotEmpty(t, seen)
	for _, p := range seen {
		assert.Equal(t, wantProtocol, p, "the protocol the browser spoke to the mock")
	}

	job := got.Report.field(t, "id")
	require.Equal(t, "SUCCEEDED", m.AwaitReport(job))
	var report struct{ Job, Data answer }
	eval(t, tab, `readReport(`+js(m.ServiceKey())+`, `+js(job)+`)`, &report)
	assert.Equal(t, "SUCCEEDED", report.Job.field(t, "status"))
	assert.Equal(t, http.StatusOK, report.Data.Status)
	var csv string
	require.NoError(t, json.Unmarshal(report.Data.Body, &csv))
	assert.Contains(t, csv, visit, "the page read the report with its visit")

	controlPlaneRefusesThePage(t, tab, m, visit)
}

// controlPlaneRefusesThePage has the page try every write a page can
// send to the control plane; the browser stops the ones that need a
// preflight, the mock refuses the rest, and nothing changes.
func controlPlaneRefusesThePage(t *testing.T, tab context.Context, m *mockdextest.Server, visit string) {
	before := m.Clock.Now()
	var tried map[string]string
	eval(t, tab, `driveControlPlane()`, &tried)
	for _, name := range []string{"json reset", "json clock", "read clock"} {
		assert.Equal(t, "blocked: TypeError", tried[name], "%s: the browser gets no permission", name)
	}
	for _, name := range []string{"text clock", "form fault", "form reset"} {
		assert.Equal(t, "opaque", tried[name], "%s: sent, and its answer hidden", name)
	}
	assert.Equal(t, before, m.Clock.Now(), "the clock did not move")
	assert.NotEmpty(t, m.VisitStatus(visit, mockdextest.PatientJoe), "no reset: the visit is there")
	resp := m.Do("GET", "/_mockdex/faults", "")
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(resp), "no fault was added")
}

// watchProtocols records the protocol of every answer from base the
// tab receives (the page itself cannot read it cross-origin).
func watchProtocols(t *testing.T, tab context.Context, base string) func() []string {
	var mu sync.Mutex
	var seen []string
	require.NoError(t, chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && strings.HasPrefix(e.Response.URL, base) {
			mu.Lock()
			seen = append(seen, e.Response.Protocol)
			mu.Unlock()
		}
	}))
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A page on another origin uses the API through CORS over plain HTTP.
func TestAppPageOverHTTP(t *testing.T) {
	b := chromium.New(t)
	bookAndRead(t, b, mockdextest.NewServer(t), "http/1.1")
}

// The same page against the mock over HTTPS, with the one change a
// developer makes: the browser trusts mockdex's authority. HTTP/2 is
// what the browser speaks to it. A browser that does not trust it cannot
// reach the mock at all.
func TestAppPageOverHTTPS(t *testing.T) {
	m := mockdextest.NewTLSServer(t)
	ca := filepath.Join(t.TempDir(), "mockdex-ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: m.Certificate().Raw}), 0o644))

	untrusting := chromium.New(t)
	tab := untrusting.Tab(t)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(appServer(t)+"/?mock="+url.QueryEscape(m.URL))))
	failed, err := chromedp.Run(tab, chromedp.Evaluate[string](`fetch(mock + '/healthz').then(() => 'reached', e => e.name)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, "TypeError", failed, "without the authority the certificate is refused")

	b := chromium.New(t)
	b.Trust(t, ca)
	bookAndRead(t, b, m, "h2")
}

// The page signs in through mockdex's issuer (discovery, the
// authorization code flow with PKCE, the login page, the code redeemed
// from the page) and books a visit with the access token it got.
func TestAppSignsInThroughMockdexIssuer(t *testing.T) {
	b := chromium.New(t)
	m := mockdextest.NewServer(t)
	tab := b.Tab(t)
	app := appServer(t)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(app+"/?mock="+url.QueryEscape(m.URL))))
	// Not awaited: the page navigates away to the issuer before it settles.
	_, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`void startSignIn(`+js(m.IssuerURL())+`).catch(e => { document.getElementById('result').textContent = 'error: ' + e; })`))
	require.NoError(t, err)
	joe := `button[data-patient="` + mockdextest.PatientJoe + `"]`
	require.NoError(t, chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(joe+`, #result:not(:empty)`))))
	failed, err := chromedp.Run(tab, chromedp.Evaluate[string](`(document.getElementById('result') || {}).textContent || ''`))
	require.NoError(t, err)
	require.Empty(t, failed, "the sign-in did not reach the issuer's page")
	require.NoError(t, chromedp.Do(tab, chromedp.Click(chromedp.CSS(joe))))
	// The browser goes back to the app's callback, which fills #result.
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#result:not(:empty)")))
	require.NoError(t, err)
	require.False(t, strings.HasPrefix(text, "error"), text)
	var got struct {
		TokenStatus      int    `json:"tokenStatus"`
		NonceKept        bool   `json:"nonceKept"`
		Name             string `json:"name"`
		Created, Summary answer
	}
	require.NoError(t, json.Unmarshal([]byte(text), &got), text)
	assert.Equal(t, http.StatusOK, got.TokenStatus)
	assert.True(t, got.NonceKept, "the ID token carries the app's nonce")
	assert.Equal(t, "Joe Public", got.Name)
	require.Equal(t, http.StatusOK, got.Created.Status, "%s", got.Created.Body)
	assert.Equal(t, http.StatusOK, got.Summary.Status)
	visit := got.Created.field(t, "visitId")
	assert.NotEmpty(t, m.VisitStatus(visit, mockdextest.PatientJoe), "the visit is Joe's")
}
