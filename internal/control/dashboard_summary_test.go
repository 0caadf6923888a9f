package control_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

var (
	summaryRE = regexp.MustCompile(`(?s)<nav id="summary".*?</nav>`)
	cardRE    = regexp.MustCompile(`<a href="#([a-z-]+)" data-section`)
	headingRE = regexp.MustCompile(`<h2 id="([a-z-]+)">`)
)

// The summary at the top links every section of the page, and every
// link lands on a section heading: nothing is more than one click away.
func TestDashboardSummaryLinksEverySection(t *testing.T) {
	m := mockdextest.NewServer(t)
	page := dashboard(t, m, "")
	summary := summaryRE.FindString(page)
	require.NotEmpty(t, summary, "the page starts with its summary")
	assert.Less(t, strings.Index(page, `<nav id="summary"`), strings.Index(page, "<section"), "the summary comes before every section")

	var linked, headings []string
	for _, mm := range cardRE.FindAllStringSubmatch(summary, -1) {
		linked = append(linked, mm[1])
	}
	for _, mm := range headingRE.FindAllStringSubmatch(page, -1) {
		headings = append(headings, mm[1])
	}
	assert.Equal(t, headings, linked, "one summary link per section heading, in page order")
	for _, want := range []string{"visits-h", "reports-h", "faults-h", "requests-h", "timeline-h", "ns-h"} {
		assert.Contains(t, linked, want)
	}
	assert.Equal(t, len(headings), strings.Count(page, `<a class="up" href="#top">`), "each section links back to the summary")
	assert.Contains(t, page, `<h1 id="top">`)
}

// The summary counts what each section holds, in this namespace.
func TestDashboardSummaryCounts(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m)
	createVisit(t, m)
	resp := m.Do("POST", "/_mockdex/visits/"+v.VisitID+"/cancel", "", "Content-Type: application/json")
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", "/_mockdex/faults", `{"operationId":"getPractice","status":503}`)
	require.Equal(t, http.StatusCreated, resp.StatusCode, m.ReadBody(resp))
	resp = m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	createVisit(t, m, ns("team-b"))

	summary := summaryRE.FindString(dashboard(t, m, ""))
	card := func(anchor string) string {
		t.Helper()
		i := strings.Index(summary, `href="#`+anchor+`"`)
		require.GreaterOrEqual(t, i, 0, anchor)
		rest := summary[i:]
		return rest[:strings.Index(rest, "</a>")]
	}
	assert.Contains(t, card("clock-h"), `<span class="value">16:00:00</span><span class="detail">Mon 2024-06-03</span><span class="detail">manual clock</span>`)
	assert.Contains(t, card("visits-h"), `<span class="value">2</span><span class="detail">requested 1</span><span class="detail">cancelled 1</span>`,
		"this namespace's visits by status; team-b's are not counted")
	assert.Contains(t, card("reports-h"), `<span class="value">1</span><span class="detail">QUEUED 1</span>`)
	assert.Contains(t, card("faults-h"), `<span class="value">1</span><span class="detail">active</span>`)
	assert.Contains(t, card("requests-h"), `<span class="value">4</span><span class="detail">kept of 1000 (all namespaces)</span>`)
	assert.Contains(t, card("timeline-h"), `<span class="value">0</span><span class="detail">no timeline set</span>`)
	assert.Contains(t, card("ns-h"), `<span class="value">2</span><span class="detail">live, of at most 100</span>`)

	resp = m.Do("PUT", "/_mockdex/timeline", `{"events":[{"kind":"region-closes","region":"WA","at":"+8h"}]}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	summary = summaryRE.FindString(dashboard(t, m, ""))
	assert.Contains(t, card("timeline-h"), `<span class="value">1</span><span class="detail">event</span><span class="detail">pending 1</span>`)
}

// Generated history is hidden until asked for, and the choice is kept in
// the URL the page's links and refreshes use.
func TestDashboardHidesGeneratedHistory(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(2))
	v := createVisit(t, m)

	page := dashboard(t, m, "")
	assert.Contains(t, page, v.VisitID, "a visit a request made is listed")
	assert.NotContains(t, page, "(history)</span>", "no generated row")
	assert.Contains(t, page, "1 visits made by requests")
	hidden := regexp.MustCompile(`(\d+) visits of generated history are hidden. <a href="/_mockdex/\?history=1#visits-h">Show generated history</a>`).FindStringSubmatch(page)
	require.NotNil(t, hidden, "the toggle says how many are hidden")
	assert.Contains(t, summaryRE.FindString(page), hidden[1]+" of history hidden")

	shown := dashboard(t, m, "?history=1")
	assert.Contains(t, shown, "(history)</span>", "generated rows listed")
	assert.Contains(t, shown, "visits in all (generated history included)")
	assert.Contains(t, shown, `<a href="/_mockdex/#visits-h">Hide generated history</a>`)
	assert.Contains(t, shown, `<a href="/_mockdex/?history=1&amp;page=1#visits-h">older →</a>`, "paging keeps the choice")

	form := url.Values{"csrf": {csrf(t, shown)}, "by": {"1m"}}
	req, err := http.NewRequest("POST", m.URL+"/_mockdex/dashboard/clock", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", m.URL+"/_mockdex/?history=1")
	resp, err := noRedirects(m).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "/_mockdex/?done=clock&history=1", resp.Header.Get("Location"), "a form sent from the page with history returns to it")

	other := dashboard(t, m, "?history=1&_mockdex_ns=team-c")
	assert.Contains(t, other, `href="/_mockdex/?_mockdex_ns=team-c#visits-h">Hide generated history</a>`, "and the namespace")
}

// A refused credential's mistake shows beside the verdict, and the
// entry's page says what it means and how to fix it.
func TestDashboardShowsAuthProblem(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/api/9/visits/3f2a2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c/summary", "", "Authorization: dc-token "+m.Token(joeGUID))
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, m.ReadBody(resp))

	page := dashboard(t, m, "")
	assert.Contains(t, page, `Unauthorized: invalid or expired token <span class="auth"`)
	assert.Contains(t, page, `>wrong-scheme</span>`)
	entry := m.Do("GET", "/_mockdex/dashboard/requests/1", "")
	body := m.ReadBody(entry)
	require.Equal(t, http.StatusOK, entry.StatusCode)
	assert.Contains(t, body, `<dt>Credential</dt><dd><code class="auth">wrong-scheme</code>: Authorization names another scheme than this operation&#39;s. Fix: use Bearer on patient endpoints and dc-token on reporting.</dd>`)
	assert.Contains(t, body, `&#34;authProblem&#34;: &#34;wrong-scheme&#34;`)
	assert.NotContains(t, body, m.Token(joeGUID)[:40], "never the token")
}
