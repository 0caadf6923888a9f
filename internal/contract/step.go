package contract

import (
	"net/http"
	"net/url"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
)

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
// compares its last answer with the reference mock's. r.mu is held.
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
	sr.Reproduce = reproduce(last, r.refs, r.cfg.Target.Vars)
	fs := r.exchangesFindings(in, &sr)
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
		fs[i].Host = originOf(x.URL)
		fs[i].Reproduce, fs[i].CorrelationID = reproduce(x, r.refs, r.cfg.Target.Vars), x.Header.Get(CorrelationHeader)
	}
	fs = mergeStep(fs)
	sr.Findings = len(fs)
	return sr, fs
}

// exchangesFindings judges every exchange of a step: transport failures,
// the answer's form, the spec, the CSV contract, and the slowest
// answer's latency. It notes retries and what the run exercised.
func (r *runState) exchangesFindings(in stepRun, sr *StepReport) []Finding {
	var fs []Finding
	var slowest time.Duration
	slowAt := 0
	for i, x := range in.got.Exchanges {
		learn(r.cfg.Scrubber, x)
		op := r.ops.find(x.Method, x.URL)
		r.rep.exercised[op] = true
		r.noteRetries(op, in.scenario, in.got.Name, x.Retries)
		sr.Retries += len(x.Retries)
		sr.CorrelationIDs = append(sr.CorrelationIDs, x.Header.Get(CorrelationHeader))
		sr.Duration += x.Duration
		if x.Err != nil {
			fs = append(fs, r.sendFailure(x, i+1)...)
			continue
		}
		r.answers++
		r.noteRefusal(in.step, x)
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
	fs := r.answerForm(x)
	if r.cfg.Judge != nil {
		fs = append(fs, r.cfg.Judge.Check(x)...)
	}
	return append(fs, csvFindings(x)...)
}

// stepErrorFindings turns a failed step into findings: each behaviour
// violation under its own rule, anything else as step-failed. A transport
// failure is already a finding of its own.
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

// originOf is a URL's scheme://host[:port].
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return origin(u)
}
