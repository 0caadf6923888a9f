package control

import (
	"net/url"
	"strconv"
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// visitsPerPage is how many visits a dashboard page shows.
const visitsPerPage = 50

// visitPage is one page of a namespace's visits, newest first.
type visitPage struct {
	Rows         []visitRow
	Total, Page  int
	Pages        int
	Newer, Older string // links to the neighbouring pages, "" at either end
	// HistoryShown says generated history is listed (?history=1); when
	// it is not, Hidden counts the generated visits left out. Toggle is
	// the link that shows or hides them.
	HistoryShown bool
	Hidden       int
	Toggle       string
}

// visitRow is a visit as the dashboard lists it.
type visitRow struct {
	ID, Kind, Status, Region, Created string
	Timeline                          []stepRow
	WaitingRoom                       string // the patient's page, for queued visits
	Summary, Cancel, Decline          string // the visit's admin URLs, in the namespace
	Open                              bool   // queued and not ended: it can be cancelled or declined
	Generated                         bool   // generated history, not made by a request
	// TokBox holds the newest TokBox events recorded on the visit (POST
	// /api/9/tokbox-events), oldest first; TokBoxEarlier counts the rest.
	TokBox        []sessionRow
	TokBoxEarlier int
}

// sessionRow is one TokBox event as the dashboard lists it.
type sessionRow struct{ Session, Event, At string }

// tokBoxShown is how many TokBox events a visit row shows.
const tokBoxShown = 5

type stepRow struct {
	Status, At string
	Planned    bool
}

// pageVisits picks page (0 = newest) of the world's visits: those
// requests made, or with history all of them, generated history
// included (tally counts both). The store walks them newest first from
// any point, so a page costs its own rows, however many visits there are
// (see BenchmarkDashboardVisits); without history it also steps over the
// generated records, by a flag.
func pageVisits(world *fakes.World, now time.Time, page int, ns string, history bool, tally fakes.VisitTally) visitPage {
	total, walk := tally.Made, world.Visits.NewestMade
	if history {
		total, walk = tally.Made+tally.Generated, world.Visits.Newest
	}
	p := visitPage{Total: total, Pages: max(1, (total+visitsPerPage-1)/visitsPerPage), HistoryShown: history}
	p.Page = min(max(page, 0), p.Pages-1)
	walk(p.Page*visitsPerPage, func(v *fakes.Visit) bool {
		p.Rows = append(p.Rows, newVisitRow(v, now, ns))
		return len(p.Rows) < visitsPerPage
	})
	if !history {
		p.Hidden = tally.Generated
	}
	p.Toggle = pageURL(ns, 0, !history)
	for i := range p.Rows { // after the walk: the session log has its own lock
		p.Rows[i].addTokBox(world.SessionEvents(p.Rows[i].ID))
	}
	if p.Page > 0 {
		p.Newer = pageURL(ns, p.Page-1, history)
	}
	if p.Page < p.Pages-1 {
		p.Older = pageURL(ns, p.Page+1, history)
	}
	return p
}

// historyParam shows generated history in the visit list: the toggle is
// remembered in the URL, so refreshes and page links keep it.
const historyParam = "history"

// historyShownAt says the dashboard page at referer (a form's page, as
// the browser names it) listed generated history. Only that one flag is
// read from it.
func historyShownAt(referer string) bool {
	u, err := url.Parse(referer)
	return err == nil && u.Path == Prefix+"/" && u.Query().Get(historyParam) == "1"
}

// pageURL is a page of the visit list, at its heading.
func pageURL(ns string, page int, history bool) string {
	path := Prefix + "/"
	q := url.Values{}
	if page > 0 {
		q.Set("page", strconv.Itoa(page))
	}
	if history {
		q.Set(historyParam, "1")
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return nsURL(path, ns) + "#" + anchorVisits
}

func newVisitRow(v *fakes.Visit, now time.Time, ns string) visitRow {
	status, _ := v.StatusAt(now)
	id := url.PathEscape(v.ID)
	row := visitRow{ID: v.ID, Kind: string(v.Kind), Status: status, Region: v.RegionCode,
		Created: clockTime(v.Created), Generated: v.Synthetic, Summary: nsURL(Prefix+"/visits/"+id, ns),
		Cancel: nsURL(dashboardFormPrefix+"visits/"+id+"/cancel", ns), Decline: nsURL(dashboardFormPrefix+"visits/"+id+"/decline", ns)}
	for _, tr := range v.Timeline {
		row.Timeline = append(row.Timeline, stepRow{Status: tr.Status, At: clockTime(tr.At), Planned: tr.At.After(now)})
	}
	if v.Kind.Queued() {
		row.WaitingRoom = waitingRoomPath(v, ns)
		row.Open = status != fakes.StatusDone && status != fakes.StatusCancelled && status != fakes.StatusStaffDeclined
	}
	return row
}

func (row *visitRow) addTokBox(evs []fakes.SessionEvent) {
	if len(evs) > tokBoxShown {
		row.TokBoxEarlier, evs = len(evs)-tokBoxShown, evs[len(evs)-tokBoxShown:]
	}
	for _, e := range evs {
		row.TokBox = append(row.TokBox, sessionRow{Session: e.Session, Event: e.Event, At: clockTime(e.At)})
	}
}

// waitingRoomPath is the visit's waiting room in the namespace, as the
// visitRedirectUrl the API answered points to it.
func waitingRoomPath(v *fakes.Visit, ns string) string {
	q := url.Values{"brand": {v.Brand}}
	if ns != namespaces.Default {
		q.Set(namespaces.Param, ns)
	}
	return "/visit/" + url.PathEscape(v.ID) + "?" + q.Encode()
}
