package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// maxPollInterval caps the poll backoff.
const maxPollInterval = 30 * time.Second

// Run plays a scenario against a target. A failed step does not stop the
// scenario: a later step is left out only when it needs what the failure
// did not deliver (a {var} never captured, or a step named in Needs). The
// scenario stops at the first 501 from a mockdex operation that is not
// built yet, and when ctx ends (the run's deadline).
func Run(ctx context.Context, sc Scenario, t Target) Result {
	vars := Defaults()
	for k, v := range t.Vars {
		vars[k] = v
	}
	res := Result{Scenario: sc.Name}
	failed := map[string]bool{}
	for _, st := range sc.Steps {
		if why := blocked(ctx, st, vars, failed, res.NotImplemented); why != "" {
			failed[st.Name] = true
			res.Steps = append(res.Steps, StepResult{Name: st.Name, NotRun: true, Blocked: why})
			continue
		}
		sr := runStep(ctx, st, t, vars)
		if errors.Is(sr.Err, ErrNoCredential) && len(sr.Exchanges) == 0 {
			sr.Skipped, sr.Err = sr.Err.Error(), nil
		}
		res.Steps = append(res.Steps, sr)
		if op := notImplemented(sr); op != "" {
			res.NotImplemented = op
		}
		if sr.Err != nil || sr.Skipped != "" {
			failed[st.Name] = true
		}
	}
	return res
}

// blocked says why a step cannot run: the run is over, a mockdex stub
// stopped the scenario, a step it needs failed, or a value it reads was
// never captured.
func blocked(ctx context.Context, st Step, vars Vars, failed map[string]bool, stub string) string {
	switch {
	case ctx.Err() != nil:
		return "the run's deadline passed"
	case stub != "":
		return "mockdex does not implement " + stub + " yet"
	}
	for _, n := range st.Needs {
		if failed[n] {
			return fmt.Sprintf("needs step %q, which did not pass", n)
		}
	}
	if missing := vars.missing(st); len(missing) > 0 {
		return fmt.Sprintf("needs {%s}, which an earlier step did not capture", strings.Join(missing, "}, {"))
	}
	return ""
}

// missing lists the {vars} the step reads that have no value yet (the
// clock's vars are always there).
func (v Vars) missing(st Step) []string {
	texts := []string{st.Path, st.As}
	for _, s := range st.Set {
		texts = append(texts, s)
	}
	texts = append(texts, stringsIn(st.Body)...)
	var out []string
	for _, text := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
			if _, ok := v[m[1]]; !ok && !clockVar(m[1]) && !slices.Contains(out, m[1]) && !setBy(st, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

func setBy(st Step, name string) bool { _, ok := st.Set[name]; return ok }

// stringsIn lists every string in a JSON-shaped value.
func stringsIn(x any) []string {
	switch t := x.(type) {
	case string:
		return []string{t}
	case map[string]any:
		var out []string
		for _, e := range t {
			out = append(out, stringsIn(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}

// notImplemented returns the operationId of mockdex's 501 stub answer.
func notImplemented(sr StepResult) string {
	if len(sr.Exchanges) == 0 {
		return ""
	}
	x := sr.Exchanges[len(sr.Exchanges)-1]
	if x.Status != http.StatusNotImplemented {
		return ""
	}
	var body struct {
		OperationID string `json:"operationId"`
	}
	if json.Unmarshal(x.RespBody, &body) != nil || body.OperationID == "" {
		return ""
	}
	return body.OperationID
}

func runStep(ctx context.Context, st Step, t Target, vars Vars) StepResult {
	sr := StepResult{Name: st.Name}
	if err := setVars(st, vars, t); err != nil {
		sr.Err = err
		return sr
	}
	switch {
	case st.Do != nil:
		sr.Err = st.Do(ctx, &Session{ctx: ctx, st: st, t: t, vars: vars, sr: &sr})
	case st.Poll != nil:
		sr.Err = poll(ctx, st, t, vars, &sr)
	default:
		_, sr.Err = once(ctx, st, t, vars, &sr, nil)
	}
	if sr.Err == nil && notImplemented(sr) != "" {
		sr.Err = fmt.Errorf("operation not implemented (501)")
	}
	return sr
}

func setVars(st Step, vars Vars, t Target) error {
	for k, v := range clockVars(t.now()) {
		vars[k] = v
	}
	for _, name := range sortedKeys(st.Set) {
		val, err := vars.expand(st.Set[name])
		if err != nil {
			return err
		}
		vars[name] = val
	}
	return nil
}

// once sends the step (body overridden by override when not nil), checks
// its expectations and stores its captures; it returns the decoded body.
// Captures are kept even when a check fails, so steps that only need the
// captured value still run.
func once(ctx context.Context, st Step, t Target, vars Vars, sr *StepResult, override map[string]any) (any, error) {
	x, err := send(ctx, st, t, vars, override)
	x.Step, x.Attempt = st.Name, len(sr.Exchanges)+1
	if x.URL != "" { // the request was built and sent
		sr.Exchanges = append(sr.Exchanges, x)
	}
	if err != nil {
		return nil, err
	}
	if x.Status == http.StatusNotImplemented {
		return nil, nil
	}
	body, err := check(st.Expect, x, vars)
	capErr := capture(st.Capture, body, vars)
	if err != nil {
		return body, err
	}
	return body, capErr
}

func capture(caps map[string]string, body any, vars Vars) error {
	var missing []string
	for _, name := range sortedKeys(caps) {
		v, ok := Lookup(body, caps[name])
		if !ok {
			missing = append(missing, fmt.Sprintf("capture %s: nothing at %s", name, caps[name]))
			continue
		}
		vars[name] = scalar(v)
	}
	if len(missing) > 0 {
		return errors.New(strings.Join(missing, "; "))
	}
	return nil
}
