package control

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/mockdex/mockdex/internal/fakes"
)

// summaryCard is one entry of the summary at the top of the dashboard: a
// figure and a line or two about one section, the whole card a link to
// that section's heading. A new section adds its card in summaryCards and
// a <section> whose <h2> carries the card's Anchor as id (the test
// TestDashboardSummaryLinksEverySection holds the two together).
type summaryCard struct {
	Label  string
	Anchor string // id of the section's <h2>
	Value  string
	Detail []string
}

// Section anchors, the <h2> ids of templates/dashboard.html.
const (
	anchorClock      = "clock-h"
	anchorVisits     = "visits-h"
	anchorReports    = "reports-h"
	anchorFaults     = "faults-h"
	anchorJournal    = "requests-h"
	anchorTimeline   = "timeline-h"
	anchorNamespaces = "ns-h"
	anchorOperations = "ops-h"
)

// summaryFacts are the counts the summary shows that the page's tables do
// not already hold.
type summaryFacts struct {
	visits         fakes.VisitTally
	reportsByState map[string]int
	journalEntries int // entries kept, all namespaces (-1: journal off)
	journalMax     int
}

// summaryCards sums v up, one card per section, in page order.
func summaryCards(v *dashboardView, f summaryFacts) []summaryCard {
	cards := []summaryCard{
		{Label: "Clock", Anchor: anchorClock, Value: v.Clock.Now.UTC().Format("15:04:05"),
			Detail: []string{v.Clock.Now.UTC().Format("Mon 2006-01-02"), clockMode(v.Clock)}},
		visitsCard(f.visits, v.Visits.HistoryShown),
		{Label: "Report jobs", Anchor: anchorReports, Value: strconv.Itoa(v.ReportsAll), Detail: counted(f.reportsByState, reportOrder)},
		{Label: "Faults", Anchor: anchorFaults, Value: strconv.Itoa(len(v.Faults)), Detail: []string{"active"}},
		timelineCard(v.Timeline),
		journalCard(f.journalEntries, f.journalMax),
		{Label: "Namespaces", Anchor: anchorNamespaces, Value: strconv.Itoa(len(v.Namespaces)), Detail: []string{"live, " + namespaceCap(v.Max)}},
		{Label: "Spec", Anchor: anchorOperations, Value: strconv.Itoa(len(v.Operations)), Detail: []string{"operations"}},
	}
	return cards
}

func clockMode(c clockView) string {
	if c.Mode == "manual" {
		return "manual clock"
	}
	return fmt.Sprintf("%s clock ×%v", c.Mode, c.Factor)
}

func visitsCard(t fakes.VisitTally, historyShown bool) summaryCard {
	c := summaryCard{Label: "Visits", Anchor: anchorVisits, Value: strconv.Itoa(t.Made), Detail: counted(t.ByStatus, statusOrder)}
	if t.Made == 0 {
		c.Detail = []string{"none made yet"}
	}
	if t.Generated > 0 {
		state := "hidden"
		if historyShown {
			state = "shown"
		}
		c.Detail = append(c.Detail, fmt.Sprintf("%d of history %s", t.Generated, state))
	}
	return c
}

func journalCard(entries, max int) summaryCard {
	c := summaryCard{Label: "Journal", Anchor: anchorJournal, Value: "off", Detail: []string{"--journal-size 0"}}
	if entries >= 0 {
		c.Value = strconv.Itoa(entries)
		c.Detail = []string{fmt.Sprintf("kept of %d (all namespaces)", max)}
	}
	return c
}

func timelineCard(rows []timelineRow) summaryCard {
	c := summaryCard{Label: "Timeline", Anchor: anchorTimeline, Value: "0", Detail: []string{"no timeline set"}}
	if len(rows) > 0 {
		states := map[string]int{}
		for _, r := range rows {
			states[r.State]++
		}
		noun := "events"
		if len(rows) == 1 {
			noun = "event"
		}
		c.Value = strconv.Itoa(len(rows))
		c.Detail = append([]string{noun}, counted(states, nil)...)
	}
	return c
}

func namespaceCap(max int) string {
	if max <= 0 {
		return "no cap"
	}
	return "of at most " + strconv.Itoa(max)
}

// The orders statuses are listed in: a visit's and a report job's life.
var (
	statusOrder = []string{fakes.StatusRequested, fakes.StatusWaitingRoom, fakes.StatusInVisit, fakes.StatusScheduled,
		fakes.StatusDone, fakes.StatusStaffDeclined, fakes.StatusCancelled}
	reportOrder = []string{fakes.ReportQueued, fakes.ReportRunning, fakes.ReportSucceeded, fakes.ReportFailed, fakes.ReportCancelled}
)

// counted lists "name n" for each count, in order first and any other
// name after, sorted.
func counted(counts map[string]int, order []string) []string {
	var out []string
	for _, name := range order {
		if n := counts[name]; n > 0 {
			out = append(out, fmt.Sprintf("%s %d", name, n))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[name]; n > 0 && !slices.Contains(order, name) {
			if name == "" {
				name = "no status"
			}
			out = append(out, fmt.Sprintf("%s %d", name, n))
		}
	}
	return out
}
