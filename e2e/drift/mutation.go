package drift

import (
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// Kinds of mutation, as a vendor release drifts.
const (
	Shape    = "shape"
	Semantic = "semantic"
	CSV      = "csv"
	Timing   = "timing"
	Auth     = "auth"
	Status   = "status"
	Format   = "format"
)

// Mutation changes one thing about the tier.
type Mutation struct {
	Name string
	Kind string
	// Rule is the rule id the contract runner must report it under.
	Rule string
	// What says what changed, for test names and docs.
	What string
	// Scenarios is a --run expression naming the scenarios that meet the
	// change, for tests that run only those ("" : every scenario).
	Scenarios string

	before func(*request)
	after  func(*Sim, *request, *response)
	delay  func(*request) time.Duration
}

// PassThrough changes nothing: a run against it must find nothing.
func PassThrough() Mutation { return Mutation{Name: "pass-through", What: "nothing changes"} }

const (
	practicePath = "/api/8/practices/"
	aprPath      = "/v1/reporting/providerhistories"
	avrPath      = "/api/8/reporting/allvisitsreport"
	carePath     = "/v1/availability/"
	slotsPath    = "/v1/availability/slots"
	takenPath    = "/v5/slots/slot-taken"
	releasedPath = "/v5/slots/slot-released"
	tokboxPath   = "/api/9/tokbox-events"
	// waitTimesPath is both wait-time listings (/regions/waittimes and
	// /regions/{regionCode}/waittimes).
	waitTimesPath = "/api/9/regions/"
)

func isAVRStatus(q *request) bool {
	return q.Method == "GET" && strings.HasPrefix(q.Path, avrPath+"/") && !strings.HasSuffix(q.Path, "/data")
}

func isCSV(q *request) bool { return q.Method == "GET" && strings.HasSuffix(q.Path, "/data") }

func isAPR(q *request) bool { return q.Path == aprPath }

// Mutations lists every mutation the simulator knows.
func Mutations() []Mutation {
	return []Mutation{
		{Name: "field-renamed", Kind: Shape, Scenarios: "^practice-regions$", Rule: contract.RuleMissingField, What: "a practice's displayName is renamed name",
			after: onJSON(prefix(practicePath), func(v map[string]any) { rename(v, "displayName", "name") })},
		{Name: "field-retyped", Kind: Shape, Scenarios: "^practice-regions$", Rule: contract.RuleTypeChanged, What: "a practice's epicBookingEnabled becomes a string",
			after: onJSON(prefix(practicePath), func(v map[string]any) { v["epicBookingEnabled"] = "yes" })},
		{Name: "avr-status-renamed", Kind: Shape, Scenarios: "^avr-virtual$", Rule: scenarios.RuleStatusMachine, What: "an AVR job reports PENDING instead of QUEUED",
			after: onJSON(isAVRStatus, func(v map[string]any) { replaceValue(v, "status", "QUEUED", "PENDING") })},
		{Name: "apr-case-sensitive", Kind: Semantic, Scenarios: "^apr-filters$", Rule: scenarios.RuleFilterCaseSensitive, What: "APR filters match only in the value's own case",
			before: widenAPR, after: refilterAPR(true)},
		{Name: "apr-filter-ignored", Kind: Semantic, Scenarios: "^apr-filters$", Rule: scenarios.RuleFilterNotApplied, What: "the APR search ignores its action filter",
			before: func(q *request) {
				if isAPR(q) && q.JSON != nil {
					delete(q.JSON, "action")
				}
			}},
		{Name: "apr-count-off-by-one", Kind: Semantic, Scenarios: "^apr-pagination$", Rule: scenarios.RuleCountMismatch, What: "APR count is one more than the records",
			after: onJSON(isAPR, func(v map[string]any) {
				if n, ok := v["count"].(float64); ok {
					v["count"] = n + 1
				}
			})},
		{Name: "apr-overlapping-pages", Kind: Semantic, Scenarios: "^apr-pagination$", Rule: scenarios.RulePageOverlap, What: "every APR page after the first starts one record early",
			before: func(q *request) {
				if n, ok := q.JSON["offset"].(float64); isAPR(q) && ok && n > 0 {
					q.JSON["offset"] = n - 1
				}
			}},
		{Name: "visit-readable-by-other", Kind: Semantic, Scenarios: "^virtual-visit$", Rule: scenarios.RuleVisitReadByOther, What: "another patient's token reads a visit's summary",
			after: leakSummary},
		{Name: "csv-row-outside-window", Kind: Semantic, Scenarios: "^avr-virtual$", Rule: scenarios.RuleCSVRowOutsideWindow, What: "an AVR row was created before the window asked for",
			after: onCSV(func(rows [][]string) [][]string { return backdate(rows) })},
		{Name: "csv-column-dropped", Kind: CSV, Scenarios: "^avr-virtual$", Rule: contract.RuleCSVColumnDropped, What: "the AVR CSV loses its brand column",
			after: onCSV(func(rows [][]string) [][]string { return dropColumn(rows, "brand") })},
		{Name: "csv-columns-swapped", Kind: CSV, Scenarios: "^avr-virtual$", Rule: contract.RuleCSVColumnReordered, What: "the AVR CSV swaps its status and reportType columns",
			after: onCSV(func(rows [][]string) [][]string { return swapColumns(rows, "reportType", "status") })},
		{Name: "slow-endpoint", Kind: Timing, Scenarios: "^qualifiers-and-modalities$", Rule: contract.RuleLatencyOverBudget, What: "modalities take 3 s to answer",
			delay: func(q *request) time.Duration {
				if strings.HasPrefix(q.Path, "/api/9/modalities") {
					return 3 * time.Second
				}
				return 0
			}},
		{Name: "job-stuck", Kind: Timing, Scenarios: "^avr-", Rule: scenarios.RuleJobStuck, What: "AVR jobs stay RUNNING for ever",
			after: onJSON(isAVRStatus, func(v map[string]any) { replaceValue(v, "status", "SUCCEEDED", "RUNNING") })},
		{Name: "auth-403-becomes-401", Kind: Auth, Scenarios: "^auth-errors$", Rule: contract.RuleStatusChanged, What: "a wrong reporting key gets 401 instead of 403",
			after: func(_ *Sim, q *request, p *response) {
				if scenarios.HostOf(q.Path) == scenarios.Reporting && p.Status == 403 {
					p.Status = 401
				}
			}},
		{Name: "status-400-becomes-422", Kind: Status, Scenarios: "^avr-errors$", Rule: contract.RuleStatusChanged, What: "AVR start refuses bad input with 422 instead of 400",
			after: func(_ *Sim, q *request, p *response) {
				if q.Method == "POST" && q.Path == avrPath && p.Status == 400 {
					p.Status = 422
				}
			}},
		{Name: "epoch-dates", Kind: Format, Scenarios: "^apr-filters$", Rule: contract.RuleTypeChanged, What: "APR timestamps become epoch seconds",
			after: onAPRRecords(func(r map[string]any) {
				if t, err := time.Parse(time.RFC3339Nano, str(r["timestamp"])); err == nil {
					r["timestamp"] = t.Unix()
				}
			})},
		{Name: "dates-not-rfc3339", Kind: Format, Scenarios: "^apr-filters$", Rule: contract.RuleValueFormChanged, What: "APR timestamps lose their T and zone",
			after: onAPRRecords(func(r map[string]any) {
				if t, err := time.Parse(time.RFC3339Nano, str(r["timestamp"])); err == nil {
					r["timestamp"] = t.Format(time.DateTime)
				}
			})},
		{Name: "waittime-date-form", Kind: Format, Scenarios: "^waittimes-filters$", Rule: contract.RuleValueFormChanged, What: "wait times' estimateGeneratedAt loses its T and zone",
			after: onJSON(prefix(waitTimesPath), func(v map[string]any) {
				if t, err := time.Parse(time.RFC3339Nano, str(v["estimateGeneratedAt"])); err == nil {
					v["estimateGeneratedAt"] = t.Format(time.DateTime)
				}
			})},
		{Name: "ids-not-guids", Kind: Format, Scenarios: "^apr-filters$", Rule: contract.RuleValueFormChanged, What: "APR record ids lose their GUID form",
			after: onAPRRecords(func(r map[string]any) { r["id"] = "rec-" + strings.ReplaceAll(str(r["id"]), "-", "") })},
		{Name: "care-options-filter-ignored", Kind: Semantic, Scenarios: "^care-options$", Rule: scenarios.RuleFilterNotApplied, What: "Care Options searches ignore their specialty filter",
			before: func(q *request) {
				if strings.HasPrefix(q.Path, carePath) && q.JSON != nil {
					delete(q.JSON, "specialty")
				}
			}},
		{Name: "search-context-drops-slots", Kind: Semantic, Scenarios: "^care-options$", Rule: scenarios.RuleSearchContext, What: "a searchContext repeats its search without its last slot",
			after: onJSON(repeatedSearch, func(v map[string]any) {
				if sl, ok := v["slots"].([]any); ok && len(sl) > 0 {
					v["slots"] = sl[:len(sl)-1]
				}
			})},
		{Name: "slot-taken-ignored", Kind: Semantic, Scenarios: "^slot-events$", Rule: scenarios.RuleSlotStillListed, What: "slot-taken answers 204 and the slot stays offered",
			before: redirect(takenPath, releasedPath)},
		{Name: "slot-released-ignored", Kind: Semantic, Scenarios: "^slot-events$", Rule: scenarios.RuleSlotNotRestored, What: "slot-released answers 204 and the slot stays taken",
			before: redirect(releasedPath, takenPath)},
		{Name: "tokbox-unknown-session-refused", Kind: Status, Scenarios: "^tokbox-events$", Rule: scenarios.RuleEventNotAccepted, What: "a TokBox event for a session no visit was given is a 400",
			after: refuseUnknownSessions},
	}
}

// Lookup finds a mutation by name; "pass-through" is one.
func Lookup(name string) (Mutation, bool) {
	if name == PassThrough().Name {
		return PassThrough(), true
	}
	all := append(Mutations(), AppOnly()...)
	i := slices.IndexFunc(all, func(m Mutation) bool { return m.Name == name })
	if i < 0 {
		return Mutation{}, false
	}
	return all[i], true
}

func prefix(p string) func(*request) bool {
	return func(q *request) bool { return strings.HasPrefix(q.Path, p) }
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func rename(v map[string]any, from, to string) {
	if x, ok := v[from]; ok {
		v[to] = x
		delete(v, from)
	}
}

func replaceValue(v map[string]any, key, from, to string) {
	if v[key] == from {
		v[key] = to
	}
}
