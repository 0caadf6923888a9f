package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

// ReferenceFactory starts a fresh in-process mock whose clock reads start.
type ReferenceFactory func(seed int64, start time.Time) (scenarios.Target, error)

// Config is one contract run.
type Config struct {
	TargetName string // "mock" or the URL, for reports
	Target     scenarios.Target
	// Reference starts the in-process mocks the target is compared with.
	Reference ReferenceFactory
	// Start is the reference mock's clock: the target's notion of now.
	Start     time.Time
	Seed      int64
	Scenarios []scenarios.Scenario
	// AllowWrites runs scenarios tagged writes; Production (the target
	// looks like a production tier) still refuses them unless ProductionOK.
	AllowWrites, Production, ProductionOK bool
	// Mockdex says the target is a mockdex (in-process or detected by its
	// /_mockdex/clock); scenarios tagged mockdex-only run only then.
	Mockdex       bool
	LatencyBudget time.Duration
	Validator     *Validator
	Scrubber      *Scrubber
}

// noiseOffset moves the second reference mock a week on: the same weekday
// and hour (so availability agrees) but different timestamps.
const noiseOffset = 7 * 24 * time.Hour

// Run plays every scenario and collects the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Scrubber == nil {
		cfg.Scrubber = NewScrubber()
	}
	ops, err := projectOps()
	if err != nil {
		return nil, err
	}
	rep := &Report{Target: cfg.TargetName, exercised: map[string]bool{}}
	for _, sc := range cfg.Scenarios {
		sr, findings, err := runScenario(ctx, cfg, ops, sc, rep)
		if err != nil {
			return nil, err
		}
		rep.Scenarios = append(rep.Scenarios, sr)
		rep.Findings = append(rep.Findings, findings...)
	}
	rep.Unexercised = ops.unexercised(rep.exercised)
	rep.summarize()
	return rep, nil
}

func skipReason(cfg Config, sc scenarios.Scenario) string {
	if sc.HasTag(scenarios.MockdexOnly) && !cfg.Mockdex {
		return "exercises mockdex's own pages; the target is not a mockdex"
	}
	if !sc.Writes() {
		return ""
	}
	if !cfg.AllowWrites {
		return "writes to the target: run with --allow-writes"
	}
	if cfg.Production && !cfg.ProductionOK {
		return "the target looks like production: writes need --i-understand-this-is-production"
	}
	return ""
}

func runScenario(ctx context.Context, cfg Config, ops *opIndex, sc scenarios.Scenario, rep *Report) (ScenarioReport, []Finding, error) {
	sr := ScenarioReport{Name: sc.Name, Tags: sc.Tags, Status: StatusPassed}
	if why := skipReason(cfg, sc); why != "" {
		sr.Status, sr.Reason = StatusSkipped, why
		return sr, nil, nil
	}
	tgt := scenarios.Run(ctx, sc, cfg.Target)
	ref, nz, err := referenceRuns(ctx, cfg, sc)
	if err != nil {
		return sr, nil, err
	}
	var findings []Finding
	for i, st := range tgt.Steps {
		in := stepRun{scenario: sc.Name, step: sc.Steps[i], got: st, ref: stepAt(ref, i), noise: stepAt(nz, i)}
		stepRep, fs := judgeStep(cfg, ops, in, rep)
		sr.Steps = append(sr.Steps, stepRep)
		findings = append(findings, fs...)
	}
	if tgt.NotImplemented != "" {
		sr.Status, sr.Reason = StatusSkipped, "mockdex does not implement "+tgt.NotImplemented+" yet"
		return sr, nil, nil
	}
	if tgt.Failed() || worst(findings) >= Warning {
		sr.Status = StatusFailed
	}
	return sr, dedupe(findings), nil
}

// referenceRuns plays the scenario on two fresh in-process mocks: the
// reference the target is compared with, and a second one a week later
// with another seed, whose differences from the first are noise.
func referenceRuns(ctx context.Context, cfg Config, sc scenarios.Scenario) (ref, nz scenarios.Result, err error) {
	if cfg.Reference == nil {
		return ref, nz, nil
	}
	a, err := cfg.Reference(cfg.Seed, cfg.Start)
	if err != nil {
		return ref, nz, fmt.Errorf("reference mock: %w", err)
	}
	b, err := cfg.Reference(cfg.Seed+1, cfg.Start.Add(noiseOffset))
	if err != nil {
		return ref, nz, fmt.Errorf("reference mock: %w", err)
	}
	a.Vars, b.Vars = cfg.Target.Vars, cfg.Target.Vars
	return scenarios.Run(ctx, sc, a), scenarios.Run(ctx, sc, b), nil
}

func stepAt(r scenarios.Result, i int) *scenarios.Exchange {
	if i >= len(r.Steps) || len(r.Steps[i].Exchanges) == 0 || r.NotImplemented != "" && r.Steps[i].Err != nil {
		return nil
	}
	x := r.Steps[i].Exchanges[len(r.Steps[i].Exchanges)-1]
	return &x
}

// stepRun is one step as the target played it, with the reference
// mocks' last answers to the same step (nil where they have none).
type stepRun struct {
	scenario   string
	step       scenarios.Step
	got        scenarios.StepResult
	ref, noise *scenarios.Exchange
}

// judgeStep validates every exchange of a target step, checks its
// latency, and compares its last answer with the reference mock's.
func judgeStep(cfg Config, ops *opIndex, in stepRun, rep *Report) (StepReport, []Finding) {
	st, step, ref, nz := in.got, in.step, in.ref, in.noise
	sr := StepReport{Name: st.Name, NotRun: st.NotRun, Skipped: st.Skipped}
	if st.NotRun || len(st.Exchanges) == 0 {
		if st.Err == nil {
			return sr, nil
		}
		// It failed before sending (a missing token or capture).
		sr.Failure = cfg.Scrubber.Scrub(st.Err.Error())
		f := newFinding(RuleStepFailed, "", "", "", sr.Failure)
		f.Scenario, f.Step = in.scenario, st.Name
		sr.Findings = 1
		return sr, []Finding{f}
	}
	last := st.Exchanges[len(st.Exchanges)-1]
	sr.OperationID = ops.find(last.Method, last.URL)
	sr.Method, sr.Path, sr.Status = last.Method, pathOf(last.URL), last.Status
	var fs []Finding
	for _, x := range st.Exchanges {
		learn(cfg.Scrubber, x)
		rep.exercised[ops.find(x.Method, x.URL)] = true
		sr.CorrelationIDs = append(sr.CorrelationIDs, x.Header.Get(CorrelationHeader))
		sr.Duration += x.Duration
		fs = append(fs, exchangeFindings(cfg, x)...)
		noteTrouble(rep, step, x)
	}
	if st.Err != nil && last.Status != http.StatusNotImplemented {
		sr.Failure = cfg.Scrubber.Scrub(st.Err.Error())
		fs = append(fs, newFinding(RuleStepFailed, "", "", "", sr.Failure))
	}
	if ref != nil && nz != nil {
		fs = append(fs, compareExchange(*ref, last, learnNoise(*ref, *nz))...)
	}
	for i := range fs {
		fs[i].Scenario, fs[i].Step, fs[i].OperationID = in.scenario, st.Name, sr.OperationID
		fs[i].Reproduce, fs[i].CorrelationID = reproduce(last), last.Header.Get(CorrelationHeader)
	}
	sr.Findings = len(fs)
	return sr, fs
}

func worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w
}

func learn(s *Scrubber, x scenarios.Exchange) {
	s.LearnHeaders(x.Header)
	s.LearnJSON(x.Body)
	s.LearnJSON(x.RespBody)
}

func exchangeFindings(cfg Config, x scenarios.Exchange) []Finding {
	var fs []Finding
	if cfg.Validator != nil && x.Err == nil && x.Status != http.StatusNotImplemented {
		fs = append(fs, cfg.Validator.Check(x)...)
	}
	if cfg.LatencyBudget > 0 && x.Duration > cfg.LatencyBudget {
		fs = append(fs, newFinding(RuleLatencyOverBudget, "", cfg.LatencyBudget.String(),
			x.Duration.Round(time.Millisecond).String(), "the answer took longer than the latency budget"))
	}
	return fs
}

// noteTrouble flags the conditions that stop a run from meaning anything:
// an unreachable target, or credentials it refuses.
func noteTrouble(rep *Report, step scenarios.Step, x scenarios.Exchange) {
	if x.Err != nil {
		if !errors.Is(x.Err, context.Canceled) {
			rep.Unreachable = true
		}
		return
	}
	goodCreds := step.Auth == scenarios.ServiceKey || step.Auth == scenarios.APIKey || step.Auth == scenarios.Bearer
	if goodCreds && step.Expect.Status/100 == 2 && (x.Status == http.StatusUnauthorized || x.Status == http.StatusForbidden) {
		rep.CredentialsRefused = true
	}
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// dedupe keeps one finding per rule, step and pointer (the validator and
// the diff may both see an undeclared field), the most severe one.
func dedupe(fs []Finding) []Finding {
	at := map[string]int{}
	var out []Finding
	for _, f := range fs {
		k := f.Rule + "\x00" + f.Step + "\x00" + f.Pointer
		if i, seen := at[k]; seen {
			if f.Severity > out[i].Severity {
				out[i] = f
			}
			continue
		}
		at[k] = len(out)
		out = append(out, f)
	}
	return out
}

// opIndex finds a request's operationId in the project spec.
type opIndex struct {
	router routers.Router
	all    []string
}

// projectOps builds the index once per process: it only reads the
// embedded spec, and every run (and every test) would otherwise compile it.
var projectOps = sync.OnceValues(newOpIndex)

func newOpIndex() (*opIndex, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: "/"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	var all []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			all = append(all, op.OperationID)
		}
	}
	sort.Strings(all)
	return &opIndex{router: r, all: all}, nil
}

func (o *opIndex) find(method, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: u.Path, RawQuery: u.RawQuery}}
	route, _, err := o.router.FindRoute(req)
	if err != nil || route.Operation == nil {
		return ""
	}
	return route.Operation.OperationID
}

func (o *opIndex) unexercised(seen map[string]bool) []string {
	var out []string
	for _, op := range o.all {
		if !seen[op] {
			out = append(out, op)
		}
	}
	return out
}
