package respond

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/mockdex/mockdex/internal/journal"
)

// Recorder is the one wrapper an answer passes through on its way out.
// It remembers the status (the access log's), reports the answer to the
// request's journal capture as it is sent, and, once Hold is called,
// keeps the answer back until Release, so strict mode can check it
// before the client sees it. Headers go to the wrapped writer's map
// directly: none is sent before the status.
type Recorder struct {
	w       http.ResponseWriter
	capture *journal.Capture // nil: the request is not journaled
	status  int
	wrote   bool
	held    bool
	body    bytes.Buffer // the held answer's body
}

// NewRecorder wraps w; capture (nil for none) records what is sent.
func NewRecorder(w http.ResponseWriter, capture *journal.Capture) *Recorder {
	return &Recorder{w: w, capture: capture, status: http.StatusOK}
}

// recorders are reused across requests: one per request is an
// allocation the busiest endpoints need not make.
var recorders = sync.Pool{New: func() any { return new(Recorder) }}

// PooledRecorder is NewRecorder from a pool: give it back with Recycle
// once the request is served, and never touch it afterwards.
func PooledRecorder(w http.ResponseWriter, capture *journal.Capture) *Recorder {
	r := recorders.Get().(*Recorder)
	r.w, r.capture, r.status = w, capture, http.StatusOK
	return r
}

// Recycle returns a PooledRecorder's recorder to the pool, dropping its
// references to the request; a held body that grew large is dropped too.
func (r *Recorder) Recycle() {
	body := r.body
	body.Reset()
	if body.Cap() > 64<<10 {
		body = bytes.Buffer{}
	}
	*r = Recorder{body: body}
	recorders.Put(r)
}

// Status is the status sent (or held), 200 when none was set.
func (r *Recorder) Status() int { return r.status }

// Header is the wrapped writer's header map.
func (r *Recorder) Header() http.Header { return r.w.Header() }

// WriteHeader sends (or holds) the status; only the first counts.
func (r *Recorder) WriteHeader(code int) {
	if r.wrote {
		return
	}
	r.status, r.wrote = code, true
	if !r.held {
		r.capture.Responded(code, r.w.Header())
		r.w.WriteHeader(code)
	}
}

// Write sends (or holds) body bytes, after a 200 if no status was set.
func (r *Recorder) Write(p []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	if r.held {
		return r.body.Write(p)
	}
	r.capture.Wrote(p, r.w.Header())
	return r.w.Write(p)
}

// Flush sends what was written so far, unless the answer is held.
func (r *Recorder) Flush() {
	if !r.held {
		_ = http.NewResponseController(r.w).Flush() // a writer that cannot flush sends at the end
	}
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (r *Recorder) Unwrap() http.ResponseWriter { return r.w }

// Hold keeps the answer written from now on back until Release.
func (r *Recorder) Hold() { r.held = true }

// Held is the answer held back: its status and body (its headers are in
// Header).
func (r *Recorder) Held() (int, []byte) { return r.status, r.body.Bytes() }

// Discard drops the answer held back, unsent, and stops holding: a
// fault that reshapes an answer takes it with Held and writes its own.
func (r *Recorder) Discard() {
	r.held, r.wrote, r.status = false, false, http.StatusOK
	r.body.Reset()
}

// Release sends the answer held back.
func (r *Recorder) Release() {
	if !r.held {
		return
	}
	r.held = false
	r.capture.Responded(r.status, r.w.Header())
	r.w.WriteHeader(r.status)
	if r.body.Len() > 0 {
		r.capture.Wrote(r.body.Bytes(), r.w.Header())
		_, _ = r.w.Write(r.body.Bytes()) // the client hung up
	}
}
