package control

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/dashboard.js
var dashboardJS []byte

// pages are parsed at first use, not at package init, which is on the way
// to every start.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{"clockTime": clockTime, "add1": func(n int) int { return n + 1 }}).
		ParseFS(templateFS, "templates/*.html"))
})

// Dashboard settings.
const (
	dashboardRequests = 20 // journal entries shown
	dashboardReports  = 50 // report jobs shown, newest first
	refreshSeconds    = 5  // how often the page refreshes its tables
)

// dashboardFormPrefix is where the dashboard's forms post (see isForm).
const dashboardFormPrefix = Prefix + "/dashboard/"

func (c *Control) dashboardRoutes(a *mux.Router) {
	a.HandleFunc("/", c.dashboard).Methods(http.MethodGet)
	a.Handle("", http.RedirectHandler(Prefix+"/", http.StatusMovedPermanently)).Methods(http.MethodGet)
	a.HandleFunc("/static/dashboard.js", serveDashboardJS).Methods(http.MethodGet)
	a.HandleFunc("/dashboard/requests/{seq}", c.dashboardRequest).Methods(http.MethodGet)
	c.dashboardFormRoutes(a)
}

// dashboardView is what templates/dashboard.html shows: one namespace.
type dashboardView struct {
	Title      string
	Namespace  string
	Summary    []summaryCard
	Namespaces []namespaces.Info
	Max        int
	CSRF       string
	Notice     string
	Clock      clockView
	Advances   []string
	Visits     visitPage
	Reports    []reportRow
	ReportsAll int
	Faults     []faultRow
	Timeline   []timelineRow
	Kinds      []faults.Kind
	Hosts      []string
	Operations []gate.Operation
	Requests   []requestView
	Journal    bool
	Refresh    int
}

// At is path in the page's namespace: the link or form action that keeps
// the browser in it.
func (v dashboardView) At(path string) string { return nsURL(path, v.Namespace) }

// nsURL adds the namespace parameter to path (none for the default).
func nsURL(path, ns string) string {
	if ns == namespaces.Default {
		return path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + namespaces.Param + "=" + url.QueryEscape(ns)
}

// dashboardAdvances are the clock's quick buttons.
var dashboardAdvances = []string{"1m", "15m", "1h", "24h"}

func (c *Control) dashboard(w http.ResponseWriter, r *http.Request) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	history := r.URL.Query().Get(historyParam) == "1"
	ns, world, done, err := c.spaces.Enter(name)
	if err != nil {
		status, msg := respond.Error(err)
		renderError(w, status, msg, namespaces.Default)
		return
	}
	now := ns.Clock().Now()
	facts := summaryFacts{visits: world.Visits.Tally(now), journalEntries: -1}
	v := dashboardView{
		Title: "mockdex dashboard", Namespace: ns.Name(), CSRF: c.csrf, Clock: viewClock(ns),
		Notice: dashboardNotices[r.URL.Query().Get("done")], Advances: dashboardAdvances,
		Visits:   pageVisits(world, now, page, ns.Name(), history, facts.visits),
		Faults:   faultRows(ns.Faults().List()),
		Timeline: timelineRows(world, now),
		Kinds:    faults.Kinds(), Hosts: hostsOf(c.ops),
		Journal: c.journal != nil, Refresh: refreshSeconds,
		Operations: c.ops, Max: c.spaces.Max(),
	}
	v.Reports, v.ReportsAll, facts.reportsByState = listReports(world, now, dashboardReports)
	done()
	for _, e := range c.journalEntries(ns, journalQuery{limit: dashboardRequests}) {
		v.Requests = append(v.Requests, viewRequest(e, false))
	}
	if c.journal != nil {
		facts.journalEntries, _ = c.journal.Len()
		facts.journalMax = c.journal.Options().Entries
	}
	v.Namespaces = c.spaces.List()
	v.Summary = summaryCards(&v, facts)
	renderPage(w, http.StatusOK, "dashboard.html", v)
}

// dashboardNotices confirm a form's action after its redirect.
var dashboardNotices = map[string]string{
	"clock":            "Clock moved.",
	"reset":            "World reset to its fixtures.",
	"faultadded":       "Fault added.",
	"faultremoved":     "Fault removed.",
	"timelineset":      "Timeline set.",
	"visitcancelled":   "Visit cancelled.",
	"visitdeclined":    "Visit declined.",
	"reportfailed":     "Report job failed; it retries on its own.",
	"reportcancelled":  "Report job cancelled.",
	"namespacedeleted": "Namespace removed.",
}

// hostsOf lists the DexCare hosts of the spec's operations, sorted.
func hostsOf(ops []gate.Operation) []string {
	var hosts []string
	for _, op := range ops {
		if op.Host != "" && !slices.Contains(hosts, op.Host) {
			hosts = append(hosts, op.Host)
		}
	}
	slices.Sort(hosts)
	return hosts
}

// dashboardRequest is the page of one journal entry.
func (c *Control) dashboardRequest(w http.ResponseWriter, r *http.Request) {
	c.held(w, r, func(ns *namespaces.Namespace) {
		e, ok := c.journalEntry(ns, mux.Vars(r)["seq"])
		if !ok {
			renderError(w, http.StatusNotFound, "No request with that number in this namespace's journal.", ns.Name())
			return
		}
		renderPage(w, http.StatusOK, "request.html", map[string]any{
			"Title": "Request " + strconv.FormatUint(e.Seq, 10), "Namespace": ns.Name(),
			"Back": nsURL(Prefix+"/", ns.Name()), "Entry": viewRequest(e, true),
		})
	})
}

// renderPage writes a dashboard page. The pages are never cached, never
// framed (their buttons change state), and run only the dashboard's own
// script.
func renderPage(w http.ResponseWriter, status int, name string, data any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_ = pages().ExecuteTemplate(w, name, data) // the client hung up
}

// renderError is a dashboard form's refusal, with the way back.
func renderError(w http.ResponseWriter, status int, msg, ns string) {
	renderPage(w, status, "error.html", map[string]any{
		"Title": http.StatusText(status), "Message": msg, "Back": nsURL(Prefix+"/", ns)})
}

func serveDashboardJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(dashboardJS)
}

// reportRow is a report job as the dashboard lists it.
type reportRow struct {
	ID, Type, Status, Created, Window string
	Open, Succeeded                   bool // Open: it can still be failed or cancelled
}

// listReports is the newest max jobs, how many there are in all, and
// how many are in each status.
func listReports(world *fakes.World, now time.Time, max int) ([]reportRow, int, map[string]int) {
	jobs := world.Reports.List()
	byStatus := map[string]int{}
	for _, j := range jobs {
		byStatus[j.StatusAt(now)]++
	}
	rows := make([]reportRow, 0, min(len(jobs), max))
	for _, j := range jobs[:min(len(jobs), max)] {
		st := j.StatusAt(now)
		rows = append(rows, reportRow{ID: j.ID, Type: j.Type, Status: st, Created: clockTime(j.Created),
			Window: j.From.UTC().Format("2006-01-02") + " to " + j.To.UTC().Format("2006-01-02"),
			Open:   st == fakes.ReportQueued || st == fakes.ReportRunning, Succeeded: st == fakes.ReportSucceeded})
	}
	return rows, len(jobs), byStatus
}
