package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// dexTime is the instant format of DexCare's examples: UTC, milliseconds.
const dexTime = "2006-01-02T15:04:05.000Z"

// formatDex writes an instant the way DexCare's JSON bodies do.
func formatDex(t time.Time) string { return t.UTC().Format(dexTime) }

// writeJSON writes v with the given status. The body is encoded before
// the status is sent: a value JSON cannot hold (a time past year 9999, a
// NaN) answers an honest 500 rather than the status with an empty body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer putJSONBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"Unknown error"}` + "\n")
	}
	writeJSONBytes(w, status, buf.Bytes())
}

// writeJSONBytes writes an encoded JSON body with the given status.
func writeJSONBytes(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client hung up; nothing left to tell it
}

// jsonBuffers reuses encoding buffers across responses.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putJSONBuffer returns buf to the pool, unless a large answer (a report
// page) grew it: those are rare, and keeping them would pin memory.
func putJSONBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 64<<10 {
		return
	}
	buf.Reset()
	jsonBuffers.Put(buf)
}

// recorder remembers the status for the access log.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// bufferedResponse holds a response back so strict mode can validate it
// before the client sees it.
type bufferedResponse struct {
	dst    http.ResponseWriter
	header http.Header
	status int
	body   bytes.Buffer
}

// newBufferedResponse starts from the headers already set on dst (the
// echoed correlation-id), so the check sees what the client will.
func newBufferedResponse(dst http.ResponseWriter) *bufferedResponse {
	return &bufferedResponse{dst: dst, header: dst.Header().Clone(), status: http.StatusOK}
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(code int)        { b.status = code }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }

func (b *bufferedResponse) flush() {
	for k, v := range b.header {
		b.dst.Header()[k] = v
	}
	b.dst.WriteHeader(b.status)
	_, _ = b.dst.Write(b.body.Bytes())
}
