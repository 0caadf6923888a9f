package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

func send(ctx context.Context, st Step, t Target, vars Vars, override map[string]any) (Exchange, error) {
	x := Exchange{Method: st.Method, Auth: st.Auth}
	req, cred, err := buildRequest(ctx, st, t, vars, override)
	if err != nil {
		return x, err
	}
	x.URL, x.Credential = req.URL.String(), cred
	if req.GetBody != nil {
		rc, _ := req.GetBody()
		x.Body, _ = io.ReadAll(rc)
	}
	rctx, retries := withRetryLog(req.Context())
	req = req.WithContext(rctx)
	start := time.Now()
	resp, err := t.Client.Do(req)
	// Headers are read after sending: the client may add some (the
	// contract runner's correlation-id).
	x.Header, x.Retries = req.Header.Clone(), retries.list()
	if err != nil {
		x.Err, x.Duration = err, time.Since(start)
		return x, fmt.Errorf("%s %s: %w", st.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	x.RespBody, err = readBody(resp.Body)
	x.Duration = time.Since(start)
	x.Status, x.RespHeader = resp.StatusCode, resp.Header
	if err != nil {
		x.Err = err
		return x, fmt.Errorf("read body: %w", err)
	}
	return x, nil
}

// readBody reads an answer's body; one the client already holds in
// memory (the contract runner's, read within its bounds) is taken as it
// is rather than copied, so a large answer is not held twice.
func readBody(body io.Reader) ([]byte, error) {
	if b, ok := body.(interface{ Bytes() []byte }); ok {
		return b.Bytes(), nil
	}
	return io.ReadAll(body)
}

func buildRequest(ctx context.Context, st Step, t Target, vars Vars, override map[string]any) (*http.Request, string, error) {
	path, err := vars.expand(st.Path)
	if err != nil {
		return nil, "", err
	}
	base, ok := t.Base[st.Host]
	if !ok || base == "" {
		return nil, "", fmt.Errorf("no base URL for host %q", st.Host)
	}
	body, err := requestBody(st, vars, override)
	if err != nil {
		return nil, "", err
	}
	req, err := http.NewRequestWithContext(ctx, st.Method, strings.TrimRight(base, "/")+path, bytes.NewReader(body))
	if err != nil {
		return nil, "", err
	}
	if len(body) == 0 {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, text/csv, text/html")
	for k, vs := range t.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, v := range st.Headers {
		req.Header.Set(k, v)
	}
	cred, err := authorize(req, st, t.Creds, vars)
	return req, cred, err
}

func requestBody(st Step, vars Vars, override map[string]any) ([]byte, error) {
	if st.RawBody != nil {
		return []byte(*st.RawBody), nil
	}
	if st.Body == nil && override == nil {
		return nil, nil
	}
	b, err := vars.expandAny(st.Body)
	if err != nil {
		return nil, err
	}
	if m, ok := b.(map[string]any); ok || b == nil {
		if m == nil {
			m = map[string]any{}
		}
		for k, v := range override {
			if v == nil {
				delete(m, k)
				continue
			}
			m[k] = v
		}
		b = m
	}
	return json.Marshal(b)
}

// The wrong credentials the Bad* auth styles send on purpose: not secrets,
// so reports show them as they are.
const (
	WrongKey = "not-the-key"
	WrongJWT = "not.a.jwt"
)

// authorize sets the step's credential and returns the environment
// variable that holds it ("" for none or a deliberately wrong one).
func authorize(req *http.Request, st Step, c Credentials, vars Vars) (string, error) {
	switch st.Auth {
	case ServiceKey:
		req.Header.Set("Authorization", "dc-token "+c.ServiceKey)
		return EnvServiceKey, nil
	case BadServiceKey:
		req.Header.Set("Authorization", "dc-token "+WrongKey)
	case APIKey:
		req.Header.Set("x-api-key", c.APIKey)
		return EnvAPIKey, nil
	case BadAPIKey:
		req.Header.Set("x-api-key", WrongKey)
	case BadBearer:
		req.Header.Set("Authorization", "Bearer "+WrongJWT)
	case Bearer:
		return bearer(req, st, c, vars)
	}
	return "", nil
}

func bearer(req *http.Request, st Step, c Credentials, vars Vars) (string, error) {
	as := st.As
	if as == "" {
		as = "{patientGuid}"
	}
	guid, err := vars.expand(as)
	if err != nil {
		return "", err
	}
	env := TokenEnv[strings.Trim(as, "{}")]
	if c.Bearer == nil {
		return env, fmt.Errorf("%w: no patient token (set %s)", ErrNoCredential, env)
	}
	tok, err := c.Bearer(guid)
	if err != nil {
		return env, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return env, nil
}
