package journal

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/canonhdr"
)

// Capture is one request being recorded: raw copies, bounded, taken on
// the request path. Its methods are safe on a nil Capture (a request the
// journal does not keep), and are called by the one goroutine serving
// the request.
type Capture struct {
	j          *Journal
	wall, mock time.Time
	method     string
	path       string
	namespace  string
	correlID   string
	headers    []header
	headersOut int // headers past maxHeaders
	// raw holds the query's and bodies' bytes as sent; it may hold
	// patient data, so the worker zeroes it once the entry is redacted.
	query    []byte
	reqBody  []byte
	respBody []byte
	reqType  string
	respType string
	// respLimit is how many answer bytes are kept: BodyLimit, or
	// ObserveBodyLimit while an observer is set.
	respLimit int
	reqSize   int64 // Content-Length, or 0
	reqRead   int64 // bytes the handler read
	respSize  int64
	status    int
	opID      string
	faultID   string
	faultKind string
	verdict   string
	problem   string // a refused credential's mistake
	flagged   bool
	duration  time.Duration
	// The body wrapper lives in the capture, so a request allocates none;
	// nothing uses it after Finish (the handler has returned).
	body teeBody
}

// header is a kept header: value capped, or already masked.
type header struct{ name, value string }

// NamespaceHeader names the namespace a request is served in.
const NamespaceHeader = "X-Mockdex-Namespace"

// namespaceName is NamespaceHeader, as every capture reads it.
var namespaceName = canonhdr.Must(NamespaceHeader)

// Begin starts recording r, which arrived at wall (real) and mock (the
// mock clock's) time. It copies what the entry needs from r's headers
// and query; bodies are copied as they pass (Body, Responded and Wrote). A nil
// Journal records nothing and returns nil.
func (j *Journal) Begin(r *http.Request, wall, mock time.Time) *Capture {
	if j == nil {
		return nil
	}
	c := j.pool.Get().(*Capture)
	c.j, c.wall, c.mock = j, wall, mock
	// Method and path are copied: net/http slices them from the request
	// line, and keeping the slices would keep the query (and whatever it
	// carries) alive in memory for as long as the entry.
	c.method = methodName(r.Method)
	c.path = strings.Clone(r.URL.Path[:min(len(r.URL.Path), maxPathBytes)])
	c.query = appendCapped(c.query[:0], r.URL.RawQuery, maxQueryBytes)
	c.namespace = capped(strings.TrimSpace(canonhdr.Get(r.Header, namespaceName)), maxNameBytes)
	c.correlID = capped(canonhdr.Get(r.Header, canonhdr.CorrelationID), maxNameBytes)
	c.reqType = capped(canonhdr.Get(r.Header, canonhdr.ContentType), maxNameBytes)
	c.reqSize = max(r.ContentLength, 0)
	c.respLimit = j.opts.BodyLimit
	if j.opts.ObserveBodyLimit > c.respLimit && j.observer.Load() != nil {
		c.respLimit = j.opts.ObserveBodyLimit
	}
	c.captureHeaders(r.Header)
	return c
}

func (c *Capture) captureHeaders(h http.Header) {
	limit := c.j.opts.HeaderValueLimit
	for name, vs := range h {
		cls := classOf(name)
		switch {
		case cls == dropHeader:
			continue
		case len(c.headers) == maxHeaders:
			c.headersOut++
		case cls == maskHeader:
			c.headers = append(c.headers, header{name, maskValue})
		default:
			c.headers = append(c.headers, header{name, joinCapped(vs, limit)})
		}
	}
}

// Body wraps a request body so the first BodyLimit+1 bytes read from it
// are kept.
func (c *Capture) Body(body io.ReadCloser) io.ReadCloser {
	if c == nil || body == nil || body == http.NoBody {
		return body
	}
	c.body = teeBody{ReadCloser: body, c: c}
	return &c.body
}

// Responded records the response's status and content type as the
// status is sent: the first final (2xx to 5xx) status counts.
func (c *Capture) Responded(code int, h http.Header) {
	if c == nil || c.status != 0 || code < 200 {
		return
	}
	c.status = code
	c.respType = capped(canonhdr.Get(h, canonhdr.ContentType), maxNameBytes)
}

// Wrote keeps the first BodyLimit+1 bytes of the response body as they
// are sent; a body sent before any status is a 200's.
func (c *Capture) Wrote(p []byte, h http.Header) {
	if c == nil {
		return
	}
	if c.status == 0 {
		c.Responded(http.StatusOK, h)
	}
	if room := c.respLimit + 1 - len(c.respBody); room > 0 {
		c.respBody = append(c.respBody, p[:min(room, len(p))]...)
	}
	c.respSize += int64(len(p))
}

// SetOperation records the operationId the request was routed to.
func (c *Capture) SetOperation(id string) {
	if c != nil {
		c.opID = id
	}
}

// SetTime records the mock time the request is served at, when it is
// known only after Begin (a namespace's own clock).
func (c *Capture) SetTime(mock time.Time) {
	if c != nil {
		c.mock = mock
	}
}

// SetFault records the fault that applied, and its kind.
func (c *Capture) SetFault(id, kind string) {
	if c != nil {
		c.faultID, c.faultKind = id, kind
	}
}

// SetVerdict records request validation's verdict: "" for a request that
// passed, else the message it was refused with (which names fields,
// never echoes values).
func (c *Capture) SetVerdict(refusal string) {
	if c == nil {
		return
	}
	c.verdict = "ok"
	if refusal != "" {
		c.verdict = refusal
	}
}

// SetAuthProblem records the mistake behind a refused credential (a word
// of auth.Problems, never the credential).
func (c *Capture) SetAuthProblem(problem string) {
	if c != nil {
		c.problem = problem
	}
}

// FlagResponse records that strict mode found the response breaks the spec.
func (c *Capture) FlagResponse() {
	if c != nil {
		c.flagged = true
	}
}

// Finish records the request's end after d and queues it for the
// worker; c must not be used afterwards. It returns when the capture is
// queued, which is before the response ends (net/http finishes it after
// the handler returns), so a client that has read its response finds the
// request in the journal.
func (c *Capture) Finish(d time.Duration) {
	if c == nil {
		return
	}
	c.duration = d
	if c.status == 0 && c.faultKind != resetKind {
		c.status = StatusClientGone
	}
	c.j.enqueue(c)
}

// resetKind is the fault kind that answers nothing on purpose: its
// entry keeps status 0 rather than read as a client that hung up.
const resetKind = "reset"

// StatusClientGone is the status of a request answered with nothing (the
// client hung up during an injected delay), as nginx logs it.
const StatusClientGone = 499

// reset zeroes the raw bytes and clears c for reuse. An answer buffer
// grown past BodyLimit for an observer is let go: the pool keeps only
// buffers of the journal's own size.
func (c *Capture) reset() {
	clear(c.query[:cap(c.query)])
	clear(c.reqBody[:cap(c.reqBody)])
	clear(c.respBody[:cap(c.respBody)])
	clear(c.headers)
	resp := c.respBody[:0]
	if cap(resp) > c.j.opts.BodyLimit+1 {
		resp = nil
	}
	*c = Capture{query: c.query[:0], reqBody: c.reqBody[:0], respBody: resp, headers: c.headers[:0]}
}

// methodName is the method as the record keeps it: the standard ones
// as constants (a copy per request is an allocation), any other copied
// and capped, so the record pins no part of the request.
func methodName(m string) string {
	switch m {
	case http.MethodGet:
		return http.MethodGet
	case http.MethodPost:
		return http.MethodPost
	case http.MethodPut:
		return http.MethodPut
	case http.MethodDelete:
		return http.MethodDelete
	case http.MethodPatch:
		return http.MethodPatch
	case http.MethodHead:
		return http.MethodHead
	case http.MethodOptions:
		return http.MethodOptions
	}
	return strings.Clone(capped(m, maxNameBytes))
}

func capped(s string, n int) string {
	if len(s) > n {
		return strings.Clone(s[:n])
	}
	return s
}

func appendCapped(dst []byte, s string, n int) []byte {
	return append(dst, s[:min(len(s), n)]...)
}

// joinCapped is a header's values as one, at most limit bytes; a longer
// value is cut and copied, so the entry does not pin the request's
// buffer.
func joinCapped(vs []string, limit int) string {
	v := vs[0]
	if len(vs) > 1 {
		v = strings.Join(vs, ", ")
	}
	if len(v) > limit {
		return strings.Clone(v[:limit]) + "…"
	}
	return v
}

// teeBody keeps the start of a request body as the handler reads it.
type teeBody struct {
	io.ReadCloser
	c *Capture
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	c := t.c
	c.reqRead += int64(n)
	if room := c.j.opts.BodyLimit + 1 - len(c.reqBody); room > 0 && n > 0 {
		c.reqBody = append(c.reqBody, p[:min(room, n)]...)
	}
	return n, err
}
