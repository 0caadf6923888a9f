package dashboard

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/chromium"
	"github.com/mockdex/mockdex/mockdextest"
)

const joeGUID = "233441f4-129f-4d0e-afaa-b3009dbe80c7"

// visitBody queues a virtual visit for Joe in WA (fixtures/).
const visitBody = `{"patient": {"patientGuid": "` + joeGUID + `", "firstName": "Joe", "lastName": "Public", "gender": "male",
  "dateOfBirth": "1970-01-01", "phone": "204-555-3233", "email": "joe.public@example.com",
  "address": {"line1": "312 S Washington St", "city": "Seattle", "state": "WA", "postalCode": "98104"}},
 "billingInfo": {"paymentMethod": "couponcode", "couponCode": "kyle1"},
 "visitDetails": {"practiceId": "6996d161-cd16-4556-9577-f942c3f80c80", "stateLicensure": "WA", "visitTypeName": "virtual",
  "visitReason": "sore throat", "brand": "providence", "acceptedTerms": true, "declaration": "self"}}`

// The sections the summary must lead to, by their heading's id.
var sections = []string{"clock-h", "visits-h", "reports-h", "faults-h", "timeline-h", "requests-h", "ns-h", "ops-h"}

// A developer opens the dashboard of a mock with generated history and a
// little going on; each summary card, clicked from the top of the page,
// brings its section's heading to the top of the window.
func TestSummaryLinksReachEachSection(t *testing.T) {
	ctx := chromium.NewTab(t)
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(3)) // on 127.0.0.1, which the guard admits
	seed(t, m)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(m.URL+"/_mockdex/"),
		chromedp.WaitVisible(chromedp.ID("summary")),
	))
	keep(t, ctx, "dashboard-top.png", false)
	keep(t, ctx, "dashboard-full.png", true)
	// The tables refresh in place every 5 s; a swap under the pointer
	// would make a click land on a node just replaced.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("auto-refresh"))))

	hrefs := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#summary a")].map(a => a.getAttribute("href"))`))
	var want []string
	for _, s := range sections {
		want = append(want, "#"+s)
	}
	assert.Equal(t, want, hrefs, "one card per section, in page order")

	for _, id := range sections {
		run(t, ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0), window.scrollY === 0`))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#summary a[href="#`+id+`"]`))), id)
		run(t, ctx, chromedp.Poll[bool](`location.hash === "#`+id+`"`))
		top := run(t, ctx, chromedp.Evaluate[float64](`document.getElementById("`+id+`").getBoundingClientRect().top`))
		assert.InDelta(t, 8, top, 10, "%s is at the top of the window after one click (top %.1f px)", id, top)
	}
	keep(t, ctx, "dashboard-last-section.png", false)

	// And back: each section's "↑ summary" link returns to the top.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.head:has(#ns-h) a.up`))))
	run(t, ctx, chromedp.Poll[bool](`location.hash === "#top"`))
	y := run(t, ctx, chromedp.Evaluate[float64](`document.getElementById("summary").getBoundingClientRect().bottom`))
	assert.Less(t, y, 800.0, "the whole summary is in view again")
}

// With scripts off the page still leads: the summary's links are plain
// anchors.
func TestSummaryWorksWithoutJavaScript(t *testing.T) {
	ctx := chromium.NewTab(t)
	m := mockdextest.NewServer(t)
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(m.URL+"/_mockdex/"),
		chromedp.WaitVisible(chromedp.ID("summary")),
	))
	assert.False(t, run(t, ctx, chromedp.Evaluate[bool](`typeof window.mockdexRefresh === "function"`)), "the dashboard's script did not run")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#summary a[href="#faults-h"]`))))
	run(t, ctx, chromedp.Poll[bool](`location.hash === "#faults-h"`))
	top := run(t, ctx, chromedp.Evaluate[float64](`document.getElementById("faults-h").getBoundingClientRect().top`))
	assert.InDelta(t, 8, top, 10, "faults at the top of the window (top %.1f px)", top)
}

// run runs a with a value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	out, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return out
}

// seed gives each section something to show: a visit in two states, a
// fault, a report job, a refused token (its mistake in the journal) and
// a timeline.
func seed(t *testing.T, m *mockdextest.Server) {
	t.Helper()
	var visit struct{ VisitID string }
	for range 2 {
		resp := m.Do("POST", "/api/9/visits", visitBody, m.Bearer(joeGUID))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		m.ReadJSON(resp, &visit)
	}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/_mockdex/visits/" + visit.VisitID + "/cancel", ""},
		{"POST", "/_mockdex/faults", `{"operationId":"getPractice","status":503,"times":3}`},
		{"PUT", "/_mockdex/timeline", `{"events":[{"kind":"region-closes","region":"WA","at":"+8h"}]}`},
	} {
		resp := m.Do(c.method, c.path, c.body, "Content-Type: application/json")
		require.Less(t, resp.StatusCode, 300, m.ReadBody(resp))
	}
	resp := m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("GET", "/api/9/visits/3f2a2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c/summary", "", "Authorization: "+m.Token(joeGUID))
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, m.ReadBody(resp))
}

// keep saves a screenshot (the window, or the whole page) as a test
// artefact.
func keep(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100) // quality 100: PNG
	}
	png := run(t, ctx, shot)
	dir := os.Getenv("MOCKDEX_ARTIFACTS")
	if dir == "" {
		dir = t.ArtifactDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	require.True(t, strings.HasPrefix(string(png), "\x89PNG"), "a PNG")
	t.Logf("screenshot: %s", path)
}
