package mirror

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Hosts are the tier's base URLs (scheme://host[:port], no slash), as the
// contract runner takes them. The mirror reads from the api host and, for
// provider details, from the reporting host.
type Hosts struct {
	API       string
	Reporting string
}

// Credentials for the calls that need them.
type Credentials struct {
	// APIKey is the x-api-key of time slots and Care Options (required).
	APIKey string
	// ServiceKey is the reporting dc-token key; without it provider
	// first and last names, credentials and emails are not read (the All
	// Providers Report is their only source) and the report says so.
	ServiceKey string
}

// Errors a recording ends with, besides a request that got no answer.
var (
	// ErrRefused wraps an answer that refused the mirror's credentials.
	ErrRefused = errors.New("the tier refused the credentials")
	// ErrAnswer wraps an answer the mirror cannot use: a status outside
	// 2xx it has no meaning for, or a body not of the documented shape.
	ErrAnswer = errors.New("the tier answered what the mirror cannot read")
)

// statusError is an answer outside 2xx.
type statusError struct {
	call   string
	status int
}

func (e statusError) Error() string { return fmt.Sprintf("%s: status %d", e.call, e.status) }

func (e statusError) Unwrap() error { return ErrAnswer }

// statusOf is the HTTP status an error carries (0 for none).
func statusOf(err error) int {
	var se statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 0
}

// maxAnswerBytes bounds one answer held in memory (a provider's 60 days
// of 10-minute slots in several clinics is a few megabytes): a backstop
// behind the client's own bound (contract run's --max-response-bytes).
const maxAnswerBytes = 64 << 20

type auth int

const (
	noAuth auth = iota
	apiKey
	serviceKey
)

// tier sends the read-only calls and counts them.
type tier struct {
	hosts  Hosts
	creds  Credentials
	client Doer
	calls  map[string]int // operationId → requests sent
}

func (t *tier) get(ctx context.Context, path string, q url.Values, a auth, into any) error {
	target := t.hosts.API + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return t.send(ctx, http.MethodGet, target, nil, a, into)
}

func (t *tier) post(ctx context.Context, base, path string, body any, a auth, into any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return t.send(ctx, http.MethodPost, base+path, b, a, into)
}

func (t *tier) send(ctx context.Context, method, target string, body []byte, a auth, into any) error {
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	t.authorize(req, a)
	call := method + " " + req.URL.Path
	if c, ok := ReadOnlyCall(method, req.URL.Path); ok {
		t.calls[c.OperationID]++
		call = c.OperationID
	}
	resp, err := t.client.Do(req)
	if err != nil {
		if answered(err) {
			return fmt.Errorf("%s: %w: %w", call, ErrAnswer, err)
		}
		return fmt.Errorf("%s: %w", call, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	if len(data) > maxAnswerBytes {
		return fmt.Errorf("%s: %w: an answer over %d MB", call, ErrAnswer, maxAnswerBytes>>20)
	}
	if resp.StatusCode/100 == 3 {
		// Nothing is read from another place than the tier named: a
		// fixture written from another server's answers would be wrong.
		return fmt.Errorf("%s: %w: status %d, a redirect to %s; the mirror follows none", call, ErrAnswer, resp.StatusCode, locationOf(resp))
	}
	return decodeAnswer(call, a, resp.StatusCode, data, into)
}

// answered reports whether a failed request got an answer that went
// wrong (a status, then a body cut short or too large), as opposed to
// none: the first is an answer the mirror cannot read (exit 1), the
// second a tier that did not answer (exit 3).
func answered(err error) bool {
	var a interface{ AnswerStatus() int }
	return errors.As(err, &a) && a.AnswerStatus() != 0
}

// locationOf is a redirect's target without its query (which may carry
// a token).
func locationOf(resp *http.Response) string {
	u, err := resp.Location()
	if err != nil {
		return "no readable Location"
	}
	return u.Scheme + "://" + u.Host + u.Path
}

func (t *tier) authorize(req *http.Request, a auth) {
	switch a {
	case apiKey:
		req.Header.Set("x-api-key", t.creds.APIKey)
	case serviceKey:
		req.Header.Set("Authorization", "dc-token "+t.creds.ServiceKey)
	}
}

// decodeAnswer reads a 2xx JSON answer into into; a 401 or 403 to a
// credentialed call is ErrRefused, any other status a statusError.
func decodeAnswer(call string, a auth, status int, data []byte, into any) error {
	if (status == http.StatusUnauthorized || status == http.StatusForbidden) && a != noAuth {
		return fmt.Errorf("%s: status %d: %w", call, status, ErrRefused)
	}
	if status/100 != 2 {
		return statusError{call, status}
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w: the body is not the JSON expected (%v)", call, ErrAnswer, strings.SplitN(err.Error(), "\n", 2)[0])
	}
	return nil
}
