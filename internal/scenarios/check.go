package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// check holds a response to its expectations and returns the decoded
// JSON body (nil for non-JSON answers).
func check(e Expect, x Exchange, vars Vars) (any, error) {
	if err := checkStatus(e, x); err != nil {
		return nil, err
	}
	ct := x.RespHeader.Get("Content-Type")
	var body any
	if strings.Contains(ct, "json") && len(x.RespBody) > 0 {
		if err := json.Unmarshal(x.RespBody, &body); err != nil {
			return nil, fmt.Errorf("response is not JSON: %v", err)
		}
	}
	if err := checkJSON(e, body, vars); err != nil {
		return body, ruled(e, err, "", "")
	}
	if e.Check != nil {
		if err := e.Check(body, vars); err != nil {
			return body, err
		}
	}
	if e.CheckExchange != nil {
		return body, e.CheckExchange(x, vars)
	}
	return body, nil
}

func checkStatus(e Expect, x Exchange) error {
	if e.Status != 0 && x.Status != e.Status {
		return ruled(e, fmt.Errorf("status %d, want %d", x.Status, e.Status), fmt.Sprint(e.Status), fmt.Sprint(x.Status))
	}
	if len(e.OneOf) > 0 && !slices.Contains(e.OneOf, x.Status) {
		return ruled(e, fmt.Errorf("status %d, want one of %v", x.Status, e.OneOf), fmt.Sprint(e.OneOf), fmt.Sprint(x.Status))
	}
	ct := x.RespHeader.Get("Content-Type")
	if e.ContentType != "" && !strings.HasPrefix(ct, e.ContentType) {
		return fmt.Errorf("content type %q, want %s", ct, e.ContentType)
	}
	return nil
}

// ruled puts an unmet expectation under the Expect's rule, when it has one.
func ruled(e Expect, err error, expected, seen string) error {
	if e.Rule == "" {
		return err
	}
	return &Violation{Rule: e.Rule, Expected: expected, Seen: seen, Message: err.Error()}
}

func checkJSON(e Expect, body any, vars Vars) error {
	for _, ptr := range e.Present {
		if _, ok := Lookup(body, ptr); !ok {
			return fmt.Errorf("missing %s", ptr)
		}
	}
	for _, ptr := range sortedKeys(e.JSON) {
		want, err := vars.expandAny(e.JSON[ptr])
		if err != nil {
			return err
		}
		got, ok := Lookup(body, ptr)
		if !ok {
			return fmt.Errorf("missing %s", ptr)
		}
		if !reflect.DeepEqual(normalize(got), normalize(want)) {
			// Values are not printed: they may be patient data.
			return fmt.Errorf("unexpected value at %s", ptr)
		}
	}
	return nil
}

// normalize makes Go literals comparable with decoded JSON.
func normalize(x any) any {
	b, err := json.Marshal(x)
	if err != nil {
		return x
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// poll repeats the step until the value at Poll.Pointer is one of
// Poll.Until, waiting (or advancing the target's clock) between tries with
// a growing interval. Every answer is judged as it comes: an unmet
// expectation, a status or move the machine does not allow, or the
// target's Inspect failing ends the step at once. Past the deadline (or
// the run's) the step fails as job-stuck, naming the last status.
func poll(ctx context.Context, st Step, t Target, vars Vars, sr *StepResult) error {
	p := st.Poll
	deadline := t.pollDeadline(p)
	interval, waited, start := p.Every, time.Duration(0), time.Now()
	prev := ""
	for {
		body, err := once(ctx, st, t, vars, sr, nil)
		if err != nil || body == nil {
			return err
		}
		v, _ := Lookup(body, p.Pointer)
		cur := scalar(v)
		if err := p.move(prev, cur, len(sr.Exchanges)); err != nil {
			return err
		}
		if t.Inspect != nil {
			if err := t.Inspect(sr.Exchanges[len(sr.Exchanges)-1]); err != nil {
				return err
			}
		}
		if slices.Contains(p.Until, cur) {
			if p.Success != "" && cur != p.Success {
				return fmt.Errorf("the job ended %s, not %s", cur, p.Success)
			}
			return nil
		}
		prev = cur
		watched := max(waited, time.Since(start))
		if watched >= deadline {
			return Stuck(p.Pointer, cur, p.Until, watched, len(sr.Exchanges))
		}
		if err := t.wait(ctx, min(interval, deadline-watched)); err != nil {
			return Stuck(p.Pointer, cur, p.Until, max(waited, time.Since(start)), len(sr.Exchanges))
		}
		waited += min(interval, deadline-watched)
		interval = min(interval+interval/2, maxPollInterval)
	}
}

// move checks one observed status against the machine.
func (p *Poll) move(prev, cur string, attempt int) error {
	if p.Moves == nil {
		return nil
	}
	if _, known := p.Moves[cur]; !known {
		return &Violation{Rule: RuleStatusMachine, Pointer: p.Pointer, Expected: "one of " + strings.Join(sortedKeys(p.Moves), ", "),
			Seen: cur, Attempt: attempt, Message: "the job reports a status its documented machine does not have"}
	}
	if prev != "" && !slices.Contains(p.Moves[prev], cur) {
		return &Violation{Rule: RuleStatusMachine, Pointer: p.Pointer, Expected: prev + " → " + strings.Join(p.Moves[prev], " | "),
			Seen: prev + " → " + cur, Attempt: attempt, Message: "the job moved between statuses its documented machine does not connect"}
	}
	return nil
}
