package contract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
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
	// Timeout bounds the whole run (0: none): scenarios not finished by
	// then are reported as cut short, with a run-deadline finding.
	Timeout time.Duration
	// Judge validates every response (nil: no validation).
	Judge    *Judge
	Scrubber *Scrubber
	// Progress, when set, gets a line per scenario as it ends.
	Progress io.Writer
}

// noiseOffset moves the second reference mock a week on: the same weekday
// and hour (so availability agrees) but different timestamps.
const noiseOffset = 7 * 24 * time.Hour

// Run plays every scenario and collects the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Scrubber == nil {
		cfg.Scrubber = NewScrubber()
	}
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
		defer cancel()
	}
	ops, err := projectOps()
	if err != nil {
		return nil, err
	}
	refs := envRefs(cfg.Target.Vars)
	for v := range refs {
		cfg.Scrubber.Add(v)
	}
	cfg.Target.Inspect = inspector(cfg.Judge)
	rep := &Report{Target: cfg.TargetName, exercised: map[string]bool{}}
	run := &runState{cfg: cfg, ops: ops, refs: refs, rep: rep}
	for i, sc := range cfg.Scenarios {
		began := time.Now()
		sr, findings, err := run.scenario(ctx, sc)
		if err != nil {
			return nil, err
		}
		rep.Scenarios = append(rep.Scenarios, sr)
		rep.Findings = append(rep.Findings, findings...)
		run.progress(i, sc.Name, sr, len(findings), time.Since(began))
	}
	if run.cut > 0 {
		rep.Findings = append(rep.Findings, deadlineFinding(cfg.Timeout, run.cut))
	}
	rep.Unreachable = run.failedSends > 0 && run.answers == 0
	rep.Unexercised = ops.unexercised(rep.exercised)
	rep.Findings = groupByCause(rep.Findings)
	rep.summarize()
	return rep, nil
}

// runState is what a run accumulates besides the report.
type runState struct {
	cfg  Config
	ops  *opIndex
	refs map[string]string
	rep  *Report
	// answers and failedSends count exchanges the target answered and
	// ones that got no HTTP answer: the target is unreachable only when
	// nothing answered at all.
	answers, failedSends int
	cut                  int // scenarios the run's deadline cut short
}

func (r *runState) progress(i int, name string, sr ScenarioReport, findings int, took time.Duration) {
	if r.cfg.Progress == nil {
		return
	}
	fmt.Fprintf(r.cfg.Progress, "contract: [%d/%d] %-26s %-7s %2d findings  %s\n", i+1, len(r.cfg.Scenarios), name, sr.Status,
		findings, took.Round(time.Millisecond))
}

func deadlineFinding(timeout time.Duration, cut int) Finding {
	f := newFinding(RuleRunDeadline, "", "every scenario within "+timeout.String(), fmt.Sprintf("%d scenarios cut short", cut),
		"the run reached its deadline (--timeout) before every scenario finished")
	f.Scenario, f.Step = "run", "deadline"
	return f
}

// inspector fails a poll at the first answer that breaks the spec.
func inspector(j *Judge) func(scenarios.Exchange) error {
	if j == nil {
		return nil
	}
	return func(x scenarios.Exchange) error {
		for _, f := range j.Check(x) {
			if f.Severity >= Breaking {
				return &scenarios.Violation{Rule: f.Rule, Pointer: f.Pointer, Expected: f.Expected, Seen: f.Seen, Message: f.Message, Attempt: x.Attempt}
			}
		}
		return nil
	}
}

func skipReason(cfg Config, sc scenarios.Scenario) string {
	if sc.HasTag(scenarios.MockdexOnly) && !cfg.Mockdex {
		return "exercises mockdex's own pages; the target is not a mockdex"
	}
	if sc.HasTag(scenarios.SimulatedStaff) && (!cfg.Mockdex || cfg.Target.Advance == nil) {
		return "needs mockdex's simulated staff and a clock the runner can move; a real tier has neither"
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

func (r *runState) scenario(ctx context.Context, sc scenarios.Scenario) (ScenarioReport, []Finding, error) {
	sr := ScenarioReport{Name: sc.Name, Tags: sc.Tags, Status: StatusPassed}
	if why := skipReason(r.cfg, sc); why != "" {
		sr.Status, sr.Reason = StatusSkipped, why
		return sr, nil, nil
	}
	if ctx.Err() != nil {
		r.cut++
		sr.Status, sr.Reason = StatusSkipped, "the run's deadline (--timeout) passed before it started"
		return sr, nil, nil
	}
	tgt := scenarios.Run(ctx, sc, r.cfg.Target)
	ref, nz, err := referenceRuns(ctx, r.cfg, sc)
	if err != nil {
		return sr, nil, err
	}
	var findings []Finding
	for i, st := range tgt.Steps {
		in := stepRun{scenario: sc.Name, step: sc.Steps[i], got: st, ref: stepAt(ref, i), noise: stepAt(nz, i)}
		stepRep, fs := r.judgeStep(in)
		sr.Steps = append(sr.Steps, stepRep)
		findings = append(findings, fs...)
	}
	if ctx.Err() != nil && cutShort(tgt) {
		r.cut++
		sr.Reason = "cut short by the run's deadline (--timeout)"
	}
	if tgt.NotImplemented != "" {
		sr.Status, sr.Reason = StatusSkipped, "mockdex does not implement "+tgt.NotImplemented+" yet"
		return sr, nil, nil
	}
	if tgt.Failed() || worst(findings) >= Warning {
		sr.Status = StatusFailed
	}
	return sr, findings, nil
}

// cutShort reports whether the run's deadline kept a step from running.
func cutShort(res scenarios.Result) bool {
	for _, st := range res.Steps {
		if st.NotRun && strings.Contains(st.Blocked, "deadline") {
			return true
		}
		for _, v := range scenarios.ViolationsOf(st.Err) {
			if v.Rule == scenarios.RuleJobStuck {
				return true
			}
		}
	}
	return false
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
	// The references are in-process and quick; they are not held to the
	// target's run deadline, so a target cut short is still compared.
	ctx = context.WithoutCancel(ctx)
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
// latency, turns its failed checks into findings under their rules, and
// compares its last answer with the reference mock's.
func (r *runState) judgeStep(in stepRun) (StepReport, []Finding) {
	st := in.got
	sr := StepReport{Name: st.Name, NotRun: st.NotRun, Skipped: st.Skipped, Blocked: st.Blocked}
	if st.NotRun || len(st.Exchanges) == 0 {
		if st.Err == nil {
			return sr, nil
		}
		// It failed before sending (a missing token).
		sr.Failure = r.cfg.Scrubber.Scrub(st.Err.Error())
		f := newFinding(RuleStepFailed, "", "", "", sr.Failure)
		f.Scenario, f.Step = in.scenario, st.Name
		sr.Findings = 1
		return sr, []Finding{f}
	}
	last := st.Exchanges[len(st.Exchanges)-1]
	sr.OperationID = r.ops.find(last.Method, last.URL)
	sr.Method, sr.Path, sr.Status = last.Method, pathOf(last.URL), last.Status
	sr.Reproduce = reproduce(last, r.refs)
	fs := r.exchangesFindings(in.step, st, &sr)
	if st.Err != nil && last.Status != http.StatusNotImplemented {
		sr.Failure = r.cfg.Scrubber.Scrub(st.Err.Error())
		fs = append(fs, stepErrorFindings(st, sr.Failure)...)
	}
	if in.ref != nil && in.noise != nil {
		nz := learnNoise(*in.ref, *in.noise)
		nz.shapeOnly = in.step.Do != nil || in.step.Sample
		fs = append(fs, compareExchange(*in.ref, last, nz)...)
	}
	for i := range fs {
		x := last
		if a := fs[i].attempt; a > 0 && a <= len(st.Exchanges) {
			x = st.Exchanges[a-1]
		}
		fs[i].Scenario, fs[i].Step, fs[i].OperationID = in.scenario, st.Name, r.ops.find(x.Method, x.URL)
		fs[i].Reproduce, fs[i].CorrelationID = reproduce(x, r.refs), x.Header.Get(CorrelationHeader)
	}
	fs = mergeStep(fs)
	sr.Findings = len(fs)
	return sr, fs
}

// exchangesFindings judges every exchange of a step: the spec, the CSV
// contract, transport failures, and the slowest answer's latency.
func (r *runState) exchangesFindings(step scenarios.Step, st scenarios.StepResult, sr *StepReport) []Finding {
	var fs []Finding
	var slowest time.Duration
	slowAt := 0
	for i, x := range st.Exchanges {
		learn(r.cfg.Scrubber, x)
		r.rep.exercised[r.ops.find(x.Method, x.URL)] = true
		sr.CorrelationIDs = append(sr.CorrelationIDs, x.Header.Get(CorrelationHeader))
		sr.Duration += x.Duration
		if x.Err != nil {
			fs = append(fs, r.sendFailure(x, i+1)...)
			continue
		}
		r.answers++
		r.noteRefusal(step, x)
		if x.Duration > slowest {
			slowest, slowAt = x.Duration, i+1
		}
		fs = append(fs, at(r.exchangeFindings(x), i+1)...)
	}
	if b := r.cfg.LatencyBudget; b > 0 && slowest > b {
		f := newFinding(RuleLatencyOverBudget, "", "within "+b.String(), slowest.Round(time.Millisecond).String(),
			"the answer took longer than the latency budget (--latency-budget)")
		f.attempt = slowAt
		fs = append(fs, f)
	}
	return fs
}

// sendFailure is a request that got no HTTP answer: the run's deadline
// (not a finding of its own), or the target failing to answer it.
func (r *runState) sendFailure(x scenarios.Exchange, attempt int) []Finding {
	if errors.Is(x.Err, context.Canceled) || errors.Is(x.Err, context.DeadlineExceeded) && !errors.Is(x.Err, errRequestTimeout) {
		return nil
	}
	r.failedSends++
	f := newFinding(RuleRequestFailed, "", "an HTTP answer", x.Duration.Round(time.Millisecond).String()+" without one",
		"the request got no answer: "+r.cfg.Scrubber.Scrub(errors.Unwrap(x.Err).Error()))
	f.attempt = attempt
	return []Finding{f}
}

// noteRefusal flags a valid credential refused where the step expects
// success: nothing after it means anything (exit 3).
func (r *runState) noteRefusal(step scenarios.Step, x scenarios.Exchange) {
	good := step.Auth == scenarios.ServiceKey || step.Auth == scenarios.APIKey || step.Auth == scenarios.Bearer
	if good && step.Expect.Status/100 == 2 && (x.Status == http.StatusUnauthorized || x.Status == http.StatusForbidden) {
		r.rep.CredentialsRefused = true
	}
}

func at(fs []Finding, attempt int) []Finding {
	for i := range fs {
		fs[i].attempt = attempt
	}
	return fs
}

func (r *runState) exchangeFindings(x scenarios.Exchange) []Finding {
	if x.Status == http.StatusNotImplemented {
		return nil
	}
	var fs []Finding
	if r.cfg.Judge != nil {
		fs = append(fs, r.cfg.Judge.Check(x)...)
	}
	return append(fs, csvFindings(x)...)
}

// stepErrorFindings turns a failed step into findings: each behaviour
// violation under its own rule, anything else as step-failed. A transport
// failure is already a request-failed finding.
func stepErrorFindings(st scenarios.StepResult, scrubbed string) []Finding {
	if vs := scenarios.ViolationsOf(st.Err); len(vs) > 0 {
		out := make([]Finding, 0, len(vs))
		for _, v := range vs {
			f := newFinding(v.Rule, v.Pointer, v.Expected, v.Seen, v.Message)
			f.attempt = v.Attempt
			out = append(out, f)
		}
		return out
	}
	if last := st.Exchanges[len(st.Exchanges)-1]; last.Err != nil {
		return nil
	}
	return []Finding{newFinding(RuleStepFailed, "", "", "", scrubbed)}
}

func worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w
}

// learn remembers the credentials a request carried and the patient
// values an answer held. Request bodies are the scenarios' own synthetic
// data and the identities Run adds itself.
func learn(s *Scrubber, x scenarios.Exchange) {
	s.LearnHeaders(x.Header)
	s.LearnJSON(x.RespBody)
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
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
