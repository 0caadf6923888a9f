package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/redact"
)

// journalBodyLimit caps the bytes of each body the journal looks at;
// larger bodies are noted by size only.
const journalBodyLimit = 16 << 10

// trace follows one request for the journal: it holds the start of the
// request body, tees the start of the response, and learns from the
// operation's middleware whether a fault answered.
type trace struct {
	wall, mock time.Time
	rawQuery   string // as sent: validation may add the spec's defaults
	reqBody    []byte
	reqSize    int64
	reqTrunc   bool
	resp       *teeWriter
	faultID    string // set by applyFault; one goroutine serves a request
}

type traceKey struct{}

// journaled says whether a request goes into the journal: the spec's API
// and unmatched paths do; mockdex's own endpoints and probes do not, so
// reading the journal does not fill it.
func journaled(r *http.Request) bool {
	p := r.URL.Path
	return p != "/healthz" && p != "/readyz" && !strings.HasPrefix(p, "/_mockdex")
}

// startTrace captures the request body (at most journalBodyLimit+1
// bytes, put back in front of the rest for the handlers) and wraps w.
func (s *Server) startTrace(w http.ResponseWriter, r *http.Request, wall time.Time) (*trace, http.ResponseWriter, *http.Request) {
	if s.journal == nil || !journaled(r) {
		return nil, w, r
	}
	t := &trace{wall: wall, mock: s.clock.Now(), rawQuery: r.URL.RawQuery, resp: &teeWriter{ResponseWriter: w}}
	if r.Body != nil && r.Body != http.NoBody {
		head, _ := io.ReadAll(io.LimitReader(r.Body, journalBodyLimit+1))
		t.reqBody, t.reqSize = head, int64(len(head))
		t.reqTrunc = len(head) > journalBodyLimit
		r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	}
	if r.ContentLength > t.reqSize {
		t.reqSize = r.ContentLength
	}
	return t, t.resp, r.WithContext(context.WithValue(r.Context(), traceKey{}, t))
}

// traceOf is the request's trace, or nil when it is not journaled.
func traceOf(r *http.Request) *trace {
	t, _ := r.Context().Value(traceKey{}).(*trace)
	return t
}

// finishTrace turns the trace into a redacted journal entry. ServeHTTP
// calls it before returning, and net/http finishes a response (its
// Content-Length or last chunk) only after that, so a client that has read
// a whole response finds it in the journal.
func (s *Server) finishTrace(t *trace, r *http.Request, opID string, d time.Duration) {
	if t == nil {
		return
	}
	e := JournalEntry{
		Time: t.mock, WallTime: t.wall,
		Method: r.Method, Path: r.URL.Path, Namespace: r.Header.Get(NamespaceHeader),
		Query:       redact.Journal.Values(parseQuery(t.rawQuery)),
		Headers:     redact.Journal.Headers(r.Header),
		OperationID: opID, Status: t.resp.statusOr(499),
		DurationMs:    float64(d.Microseconds()) / 1000,
		CorrelationID: r.Header.Get("correlation-id"),
		Faulted:       t.faultID != "", FaultID: t.faultID,
	}
	e.RequestBody, e.RequestBodyOmitted = redactBody(r.Header.Get("Content-Type"), t.reqBody, t.reqSize, t.reqTrunc)
	rb := t.resp
	e.ResponseBody, e.ResponseBodyOmitted = redactBody(rb.Header().Get("Content-Type"), rb.body.Bytes(), rb.size, rb.size > journalBodyLimit)
	s.journal.add(e)
}

func parseQuery(raw string) url.Values {
	q, _ := url.ParseQuery(raw) // keeps what parses; the rest is the API's to refuse
	return q
}

type readCloser struct {
	io.Reader
	io.Closer
}

// teeWriter passes a response through and keeps its status and first
// journalBodyLimit bytes.
type teeWriter struct {
	http.ResponseWriter
	status int
	size   int64
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	if room := journalBodyLimit + 1 - t.body.Len(); room > 0 {
		t.body.Write(p[:min(room, len(p))])
	}
	t.size += int64(len(p))
	return t.ResponseWriter.Write(p)
}

func (t *teeWriter) Flush() {
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// statusOr is the status written, or def when nothing was (the client
// went away during an injected delay: 499, as nginx logs it).
func (t *teeWriter) statusOr(def int) int {
	if t.status == 0 {
		return def
	}
	return t.status
}
