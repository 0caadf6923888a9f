package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxPollInterval caps the poll backoff.
const maxPollInterval = 30 * time.Second

// Run plays a scenario against a target. It stops at the first failing
// step (later steps depend on its captures) and at the first 501 from a
// mockdex operation that is not built yet.
func Run(ctx context.Context, sc Scenario, t Target) Result {
	vars := Defaults()
	for k, v := range t.Vars {
		vars[k] = v
	}
	res := Result{Scenario: sc.Name}
	stopped := false
	for _, st := range sc.Steps {
		if stopped {
			res.Steps = append(res.Steps, StepResult{Name: st.Name, NotRun: true})
			continue
		}
		if st.NeedsClock && t.Advance == nil {
			res.Steps = append(res.Steps, StepResult{Name: st.Name, Skipped: "needs a target whose clock can be advanced"})
			continue
		}
		sr := runStep(ctx, st, t, vars)
		if errors.Is(sr.Err, ErrNoCredential) && len(sr.Exchanges) == 0 {
			sr.Skipped, sr.Err = sr.Err.Error(), nil
		}
		res.Steps = append(res.Steps, sr)
		if op := notImplemented(sr); op != "" {
			res.NotImplemented = op
			stopped = true
		}
		if sr.Err != nil {
			stopped = true
		}
	}
	return res
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
	switch {
	case st.Poll != nil:
		sr.Err = poll(ctx, st, t, vars, &sr)
	case st.Pages != nil:
		sr.Err = walkPages(ctx, st, t, vars, &sr)
	default:
		_, sr.Err = once(ctx, st, t, vars, &sr, nil)
	}
	if sr.Err == nil && notImplemented(sr) != "" {
		sr.Err = fmt.Errorf("operation not implemented (501)")
	}
	return sr
}

// once sends the step (body overridden by override when not nil), checks
// its expectations and stores its captures; it returns the decoded body.
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
	if err != nil {
		return body, err
	}
	return body, capture(st.Capture, body, vars)
}

func send(ctx context.Context, st Step, t Target, vars Vars, override map[string]any) (Exchange, error) {
	x := Exchange{Method: st.Method}
	req, err := buildRequest(ctx, st, t, vars, override)
	if err != nil {
		return x, err
	}
	x.URL = req.URL.String()
	if req.GetBody != nil {
		rc, _ := req.GetBody()
		x.Body, _ = io.ReadAll(rc)
	}
	start := time.Now()
	resp, err := t.Client.Do(req)
	// Headers are read after sending: the client may add some (the
	// contract runner's correlation-id).
	x.Header = req.Header.Clone()
	if err != nil {
		x.Err, x.Duration = err, time.Since(start)
		return x, fmt.Errorf("%s %s: %w", st.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	x.RespBody, err = io.ReadAll(resp.Body)
	x.Duration = time.Since(start)
	x.Status, x.RespHeader = resp.StatusCode, resp.Header
	if err != nil {
		x.Err = err
		return x, fmt.Errorf("read body: %w", err)
	}
	return x, nil
}

func buildRequest(ctx context.Context, st Step, t Target, vars Vars, override map[string]any) (*http.Request, error) {
	for k, v := range clockVars(t.now()) {
		vars[k] = v
	}
	path, err := vars.expand(st.Path)
	if err != nil {
		return nil, err
	}
	base, ok := t.Base[st.Host]
	if !ok || base == "" {
		return nil, fmt.Errorf("no base URL for host %q", st.Host)
	}
	body, err := requestBody(st, vars, override)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, st.Method, strings.TrimRight(base, "/")+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, text/csv, text/html")
	for k, v := range st.Headers {
		req.Header.Set(k, v)
	}
	return req, authorize(req, st, t.Creds, vars)
}

func requestBody(st Step, vars Vars, override map[string]any) ([]byte, error) {
	if st.RawBody != nil {
		return []byte(*st.RawBody), nil
	}
	if st.Body == nil {
		return nil, nil
	}
	b, err := vars.expandAny(st.Body)
	if err != nil {
		return nil, err
	}
	if m, ok := b.(map[string]any); ok {
		for k, v := range override {
			m[k] = v
		}
	}
	return json.Marshal(b)
}

// The wrong credentials the Bad* auth styles send on purpose: not secrets,
// so reports may show them as they are.
const (
	WrongKey = "not-the-key"
	WrongJWT = "not.a.jwt"
)

func authorize(req *http.Request, st Step, c Credentials, vars Vars) error {
	switch st.Auth {
	case ServiceKey:
		req.Header.Set("Authorization", "dc-token "+c.ServiceKey)
	case BadServiceKey:
		req.Header.Set("Authorization", "dc-token "+WrongKey)
	case APIKey:
		req.Header.Set("x-api-key", c.APIKey)
	case BadAPIKey:
		req.Header.Set("x-api-key", WrongKey)
	case BadBearer:
		req.Header.Set("Authorization", "Bearer "+WrongJWT)
	case Bearer:
		return bearer(req, st, c, vars)
	}
	return nil
}

func bearer(req *http.Request, st Step, c Credentials, vars Vars) error {
	as := st.As
	if as == "" {
		as = "{patientGuid}"
	}
	guid, err := vars.expand(as)
	if err != nil {
		return err
	}
	if c.Bearer == nil {
		return fmt.Errorf("%w: no patient token (set DEXCARE_JWT)", ErrNoCredential)
	}
	tok, err := c.Bearer(guid)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

func capture(caps map[string]string, body any, vars Vars) error {
	for name, ptr := range caps {
		v, ok := Lookup(body, ptr)
		if !ok {
			return fmt.Errorf("capture %s: nothing at %s", name, ptr)
		}
		vars[name] = scalar(v)
	}
	return nil
}
