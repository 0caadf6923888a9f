package contract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
)

// ReferenceFactory starts a fresh in-process mock whose clock reads start.
type ReferenceFactory func(seed int64, start time.Time) (scenarios.Target, error)

// DefaultParallel is how many scenarios run at once against a tier: a
// tier whose report jobs are stuck then costs one poll deadline, not
// three, and the rate limit (shared) still bounds the load.
const DefaultParallel = 4

// Config is one contract run.
type Config struct {
	TargetName string // "mock" or the URL, for reports
	Target     scenarios.Target
	// Reference starts the in-process mocks the target is compared with.
	// Its mocks are used one at a time.
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
	// Parallel is how many scenarios run against the target at once (0:
	// DefaultParallel). Against a target whose clock the run moves
	// (Target.Advance), scenarios run one at a time: one's clock move
	// would shift another's date windows.
	Parallel int
	// Judge validates every response (nil: no validation).
	Judge    *Judge
	Scrubber *Scrubber
	// Progress, when set, gets a line per scenario as it ends.
	Progress io.Writer
	// Usage, when set, scopes the run to an app's usage profile: findings
	// the app does not depend on drop to info, and the requests only the
	// app makes are replayed (AppUsageScenario, AppUsageWritesScenario).
	Usage *usage.Profile
}

// noiseOffset moves the second reference mock a week on: the same weekday
// and hour (so availability agrees) but different timestamps.
const noiseOffset = 7 * 24 * time.Hour

// Run plays every scenario and collects the report. Scenarios run
// concurrently (Config.Parallel); each is judged as it ends, one at a
// time, so the report is the same whatever order they end in.
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
	cfg.Scrubber.Keep(identityValues(cfg.Target.Vars)...)
	cfg.Target.Inspect = inspector(cfg.Judge)
	rep := &Report{Target: cfg.TargetName, exercised: map[string]bool{}}
	run := &runState{cfg: cfg, ops: ops, refs: refs, rep: rep, retries: map[string]*retryTally{}}
	if cfg.Usage != nil {
		if run.ours, err = newOurUsage(); err != nil {
			return nil, err
		}
	}
	outcomes, err := run.all(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Usage != nil {
		replayed, err := run.replay(ctx)
		if err != nil {
			return nil, err
		}
		outcomes = append(outcomes, replayed...)
	}
	for _, o := range outcomes {
		rep.Scenarios = append(rep.Scenarios, o.report)
		rep.Findings = append(rep.Findings, o.findings...)
	}
	if len(run.cut) > 0 {
		rep.Findings = append(rep.Findings, deadlineFinding(cfg.Timeout, run.cut))
	}
	rep.Retries = run.retryReport()
	rep.Findings = append(rep.Findings, run.retryFindings()...)
	rep.Unreachable = run.failedSends > 0 && run.answers == 0
	rep.Unexercised = ops.unexercised(rep.exercised)
	rep.Findings = groupByCause(rep.Findings)
	if cfg.Usage != nil {
		rep.Usage.Depends, rep.Usage.NotUsed = scopeFindings(cfg.Usage, rep.Findings)
		rep.passUnused()
	}
	rep.summarize()
	return rep, nil
}

// replay plays the app's own request shapes that the scenarios did not
// send, after every scenario (their traffic says what is new).
func (r *runState) replay(ctx context.Context) ([]outcome, error) {
	r.rep.Usage = &UsageReport{Sources: r.cfg.Usage.Sources}
	steps := usage.ReplaySteps(r.cfg.Usage, r.ours.b.Profile(), r.ours.idx)
	scs, notReplayed := replayScenarios(r.cfg.Usage, steps, r.ours.idx)
	r.rep.Usage.NotReplayed = notReplayed
	var out []outcome
	for _, sc := range scs {
		var o outcome
		var err error
		if o.report, o.findings, err = r.scenario(ctx, sc); err != nil {
			return nil, err
		}
		if o.report.Status != StatusSkipped {
			r.rep.Usage.Replayed += len(sc.Steps)
		}
		out = append(out, o)
	}
	return out, nil
}

// runState is what a run accumulates besides the report.
type runState struct {
	cfg  Config
	ops  *opIndex
	refs map[string]string

	// mu guards everything below, and is held while a scenario is
	// compared and judged: the reference mocks are used one at a time.
	mu  sync.Mutex
	rep *Report
	// answers and failedSends count exchanges the target answered and
	// ones that got no HTTP answer: the target is unreachable only when
	// nothing answered at all.
	answers, failedSends int
	cut                  []string // what the run's deadline cut short, in scenario order
	retries              map[string]*retryTally
	ended                int       // scenarios ended, for progress
	ours                 *ourUsage // the run's own traffic, with --usage
}

// outcome is one scenario's report and findings.
type outcome struct {
	report   ScenarioReport
	findings []Finding
}

// all plays the scenarios on a pool of workers and returns their
// outcomes in the scenarios' order.
func (r *runState) all(ctx context.Context) ([]outcome, error) {
	workers := r.cfg.Parallel
	if workers <= 0 {
		workers = DefaultParallel
	}
	if r.cfg.Target.Advance != nil {
		workers = 1
	}
	out := make([]outcome, len(r.cfg.Scenarios))
	errs := make([]error, len(r.cfg.Scenarios))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(r.cfg.Scenarios)) {
		wg.Go(func() {
			for i := range next {
				began := time.Now()
				sc := r.cfg.Scenarios[i]
				out[i].report, out[i].findings, errs[i] = r.scenario(ctx, sc)
				r.progress(sc.Name, out[i], time.Since(began))
			}
		})
	}
	for i := range r.cfg.Scenarios {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, o := range out {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if o.report.cutAt != "" {
			r.cut = append(r.cut, o.report.Name+" ("+o.report.cutAt+")")
		}
	}
	return out, nil
}

func (r *runState) progress(name string, o outcome, took time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended++
	if r.cfg.Progress == nil {
		return
	}
	fmt.Fprintf(r.cfg.Progress, "contract: [%d/%d] %-26s %-7s %2d findings  %s\n", r.ended, len(r.cfg.Scenarios), name, o.report.Status,
		len(o.findings), took.Round(time.Millisecond))
}

func deadlineFinding(timeout time.Duration, cut []string) Finding {
	f := newFinding(RuleRunDeadline, "", "every scenario within "+timeout.String(), fmt.Sprintf("%d scenarios cut short", len(cut)),
		"the run reached its deadline (--timeout) before every scenario finished; cut short: "+strings.Join(cut, ", "))
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

// scenario plays one scenario on the target (concurrently with others),
// then compares and judges it (one at a time).
func (r *runState) scenario(ctx context.Context, sc scenarios.Scenario) (ScenarioReport, []Finding, error) {
	sr := ScenarioReport{Name: sc.Name, Tags: sc.Tags, Status: StatusPassed}
	if why := skipReason(r.cfg, sc); why != "" {
		sr.Status, sr.Reason = StatusSkipped, why
		return sr, nil, nil
	}
	if ctx.Err() != nil {
		sr.Status, sr.Reason, sr.cutAt = StatusSkipped, "the run's deadline (--timeout) passed before it started", "not started"
		return sr, nil, nil
	}
	tgt := scenarios.Run(ctx, sc, r.cfg.Target)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ours != nil {
		r.ours.add(tgt)
	}
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
	if ctx.Err() != nil {
		if at := cutAt(tgt); at != "" {
			sr.cutAt, sr.Reason = at, "cut short by the run's deadline (--timeout) at "+at
		}
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

// cutAt names the step where the run's deadline stopped a scenario: a
// request it cancelled, a poll it ended, or the first step it kept from
// running ("" when the scenario was not cut short).
func cutAt(res scenarios.Result) string {
	for _, st := range res.Steps {
		if st.NotRun && strings.Contains(st.Blocked, "deadline") {
			return st.Name
		}
		if n := len(st.Exchanges); n > 0 && isContextEnd(st.Exchanges[n-1].Err) {
			return st.Name
		}
		for _, v := range scenarios.ViolationsOf(st.Err) {
			if v.Rule == scenarios.RuleJobStuck {
				return st.Name
			}
		}
	}
	return ""
}

// isContextEnd reports whether err is the run's own context ending
// rather than the target failing.
func isContextEnd(err error) bool {
	var te *TransportError
	return err != nil && !errors.As(err, &te) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
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
