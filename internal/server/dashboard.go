package server

import (
	"net/http"
	"sort"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/journal"
)

// dashboardRequests is how many journal entries the dashboard shows.
const dashboardRequests = 20

func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/", s.dashboard).Methods(http.MethodGet)
		a.Handle("", http.RedirectHandler("/_mockdex/", http.StatusMovedPermanently)).Methods(http.MethodGet)
		a.HandleFunc("/dashboard/advance", s.dashboardAdvance).Methods(http.MethodPost)
		a.HandleFunc("/dashboard/reset", s.dashboardReset).Methods(http.MethodPost)
		a.HandleFunc("/dashboard/faults/{id}/remove", s.dashboardRemoveFault).Methods(http.MethodPost)
	})
}

// dashboardView is what templates/dashboard.html shows.
type dashboardView struct {
	Title      string
	Clock      clockView
	Notice     string
	Advances   []string
	Visits     []stateCount
	VisitTotal int
	Events     struct{ Recorded, Planned int }
	Reports    []stateCount
	Requests   []journal.Entry
	Journal    bool
	Faults     []Fault
	Operations []specOperation
}

// stateCount is how many things of a kind are in a state.
type stateCount struct {
	Kind, Status string
	Count        int
}

// dashboardAdvances are the clock buttons; the form handler accepts only
// these, so the page cannot be used to post arbitrary durations.
var dashboardAdvances = []string{"1m", "15m", "1h"}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	cv := s.clockView()
	wld := s.World()
	v := dashboardView{
		Title: "mockdex dashboard", Clock: cv, Advances: dashboardAdvances,
		Notice:     dashboardNotices[r.URL.Query().Get("done")],
		Requests:   s.journal.List(journal.Filter{Limit: dashboardRequests}),
		Journal:    s.journal != nil,
		Faults:     s.faults.list(),
		Operations: s.ops,
		Reports:    reportCounts(wld.Reports.CountByStatus(cv.Now)),
	}
	v.Visits, v.VisitTotal = visitCounts(wld.Visits, cv.Now)
	recorded, _ := wld.Events.Search(fakes.EventQuery{To: cv.Now, Now: cv.Now})
	v.Events.Recorded, v.Events.Planned = recorded, wld.Events.Len()-recorded
	w.Header().Set("Cache-Control", "no-store")
	renderPage(w, http.StatusOK, "dashboard.html", v)
}

// dashboardNotices confirm a form's action after its redirect.
var dashboardNotices = map[string]string{
	"advanced":     "Clock advanced.",
	"reset":        "World reset to its fixtures.",
	"faultremoved": "Fault removed.",
}

// visitCounts counts the visits created by now by kind and their status
// now, sorted by kind then status.
func visitCounts(vs *fakes.VisitStore, now time.Time) ([]stateCount, int) {
	counts := map[stateCount]int{}
	total := 0
	vs.Each(time.Time{}, now.Add(time.Nanosecond), func(v *fakes.Visit) bool {
		status, _ := v.StatusAt(now)
		counts[stateCount{Kind: string(v.Kind), Status: status}]++
		total++
		return true
	})
	out := make([]stateCount, 0, len(counts))
	for k, n := range counts {
		k.Count = n
		out = append(out, k)
	}
	sortCounts(out)
	return out, total
}

func reportCounts(m map[string]int) []stateCount {
	out := make([]stateCount, 0, len(m))
	for status, n := range m {
		out = append(out, stateCount{Status: status, Count: n})
	}
	sortCounts(out)
	return out
}

func sortCounts(cs []stateCount) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Kind != cs[j].Kind {
			return cs[i].Kind < cs[j].Kind
		}
		return cs[i].Status < cs[j].Status
	})
}
