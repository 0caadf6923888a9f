package proxy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/contract"
)

// The proxy's own rules, beside the run's (contract's rule table holds
// them with their severities).
const (
	// RuleAnsweredByMock: the tier answered 404 or 501 for an operation
	// the spec has, and the mock answered the app instead (Fallback).
	RuleAnsweredByMock = contract.RuleAnsweredByMock
	// RuleUnknownOperation: the app called a path no operation of the
	// spec has; the proxy did not forward it.
	RuleUnknownOperation = contract.RuleOperationUnknown
	// RuleAnswerTooLarge: an answer passed MaxBody and was cut.
	RuleAnswerTooLarge = contract.RuleAnswerTooLarge
	// RuleNotJudged: exchanges the proxy could not judge (the queue was
	// full), or findings it could not keep; a count, as info.
	RuleNotJudged = contract.RuleNotJudged

	ruleRequestFailed = contract.RuleRequestFailed
)

// maxPlaces is how many other correlation ids a finding lists.
const maxPlaces = 5

// scenarioName is the one "scenario" of a proxy report: the app's traffic.
const scenarioName = "proxy"

// collector keeps findings deduplicated by cause, bounded, and what each
// operation saw, for the report.
type collector struct {
	mu           sync.Mutex // guards everything below
	max          int
	byKey        map[string]int
	findings     []contract.Finding
	times        []int
	judged       int
	dropped      int
	unjudged     int
	incomparable int
	ops          map[string]*opSeen
}

// opSeen is one operation's traffic, a step of the report.
type opSeen struct {
	method, tmpl string
	requests     int
	lastStatus   int
}

func newCollector(max int) *collector {
	return &collector{max: max, byKey: map[string]int{}, ops: map[string]*opSeen{}}
}

func (c *collector) sawExchange(x *exchange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.judged++
	o := c.ops[x.op]
	if o == nil {
		o = &opSeen{method: x.method, tmpl: x.tmpl}
		c.ops[x.op] = o
	}
	o.requests++
	o.lastStatus = x.status
}

// add keeps f, seen in exchange x, scrubbed with s; the same cause again
// counts, and lists its correlation id.
func (c *collector) add(x *exchange, f contract.Finding, s *contract.Scrubber) {
	f.Scenario, f.Step, f.OperationID = scenarioName, x.method+" "+x.tmpl, x.op
	f.CorrelationID = x.header.Get(contract.CorrelationHeader)
	f.Reproduce = ""
	if s != nil {
		f.Message, f.Expected, f.Seen = s.Scrub(f.Message), s.Scrub(f.Expected), s.Scrub(f.Seen)
	}
	key := strings.Join([]string{f.Rule, f.OperationID, f.Pointer, f.Expected}, "\x00")
	if f.Rule != contract.RuleLatencyOverBudget && f.Rule != ruleRequestFailed {
		key += "\x00" + f.Seen
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.byKey[key]; ok {
		c.times[i]++
		if id := f.CorrelationID; id != "" && len(c.findings[i].Elsewhere) < maxPlaces && id != c.findings[i].CorrelationID &&
			!slices.Contains(c.findings[i].Elsewhere, "correlation-id "+id) {
			c.findings[i].Elsewhere = append(c.findings[i].Elsewhere, "correlation-id "+id)
		}
		return
	}
	if len(c.findings) >= c.max {
		c.dropped++
		return
	}
	c.byKey[key] = len(c.findings)
	c.findings = append(c.findings, f)
	c.times = append(c.times, 1)
}

// addOwn keeps a finding of the proxy's own rules about exchange x.
func (c *collector) addOwn(x *exchange, rule, msg string) {
	f := contract.Finding{Rule: rule, Severity: contract.SeverityOf(rule), Message: msg}
	if x.header == nil {
		x.header = map[string][]string{}
	}
	c.add(x, f, nil)
}

func (c *collector) countUnjudged() {
	c.mu.Lock()
	c.unjudged++
	c.mu.Unlock()
}

func (c *collector) countIncomparable() {
	c.mu.Lock()
	c.incomparable++
	c.mu.Unlock()
}

// Report is every finding so far, in the run's report type: one
// scenario, "proxy", whose steps are the operations the app called.
func (p *Proxy) Report() *contract.Report {
	c := p.col
	c.mu.Lock()
	defer c.mu.Unlock()
	fs := make([]contract.Finding, len(c.findings))
	perOp := map[string]int{}
	for i, f := range c.findings {
		if c.times[i] > 1 {
			f.Message += fmt.Sprintf(" (in %d exchanges)", c.times[i])
		}
		f.Elsewhere = slices.Clone(f.Elsewhere)
		fs[i] = f
		perOp[f.OperationID]++
	}
	if c.unjudged > 0 || c.dropped > 0 {
		fs = append(fs, contract.Finding{Rule: RuleNotJudged, Severity: contract.Info, Scenario: scenarioName, Step: "judging",
			Message: fmt.Sprintf("%d exchanges were not judged (the judging queue was full) and %d findings were not kept (over MaxFindings)",
				c.unjudged, c.dropped)})
	}
	sc := contract.ScenarioReport{Name: scenarioName, Tags: []string{"app-traffic"}, Status: contract.StatusPassed}
	if c.incomparable > 0 {
		sc.Reason = fmt.Sprintf("%d exchanges not compared with the mock (a 404 or a refusal on one side only)", c.incomparable)
	}
	for _, op := range sortedOps(c.ops) {
		o := c.ops[op]
		sc.Steps = append(sc.Steps, contract.StepReport{Name: o.method + " " + o.tmpl, OperationID: op, Method: o.method,
			Path: o.tmpl, Status: o.lastStatus, Findings: perOp[op]})
	}
	if slices.ContainsFunc(fs, func(f contract.Finding) bool { return f.Severity >= contract.Warning }) {
		sc.Status = contract.StatusFailed
	}
	return contract.NewReport(p.opts.Target, []contract.ScenarioReport{sc}, fs)
}

func sortedOps(m map[string]*opSeen) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Stats count what the proxy judged so far.
type Stats struct {
	// Judged exchanges; NotJudged ones found the judging queue full.
	Judged, NotJudged int
	// Incomparable exchanges were judged without the mock's answer (a 404
	// or a refusal on one side only).
	Incomparable int
	// Findings kept, and dropped past MaxFindings.
	Findings, Dropped int
}

// Stats says how much the proxy judged.
func (p *Proxy) Stats() Stats {
	c := p.col
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Judged: c.judged, NotJudged: c.unjudged, Incomparable: c.incomparable, Findings: len(c.findings), Dropped: c.dropped}
}
