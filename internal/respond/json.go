package respond

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
)

// WriteJSON writes v with the given status. The body is encoded before
// the status is sent: a value JSON cannot hold (a time past year 9999, a
// NaN) answers an honest 500 rather than the status with an empty body.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	buf := GetBuffer()
	defer PutBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"Unknown error"}` + "\n")
	}
	WriteJSONBytes(w, status, buf.Bytes())
}

// WriteJSONBytes writes an encoded JSON body with the given status.
func WriteJSONBytes(w http.ResponseWriter, status int, body []byte) {
	w.Header()["Content-Type"] = jsonContentType
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client hung up; nothing left to tell it
}

// jsonContentType is shared by every JSON answer: Header().Set would
// allocate the same one-element slice per request. Nothing writes into a
// header's slice in place (Set and Add replace or append).
var jsonContentType = []string{"application/json"}

// buffers reuses encoding buffers across responses.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// GetBuffer is an empty buffer from the pool; PutBuffer returns it.
func GetBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// PutBuffer returns buf to the pool, unless a large answer (a report
// page) grew it: those are rare, and keeping them would pin memory.
func PutBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 64<<10 {
		return
	}
	buf.Reset()
	buffers.Put(buf)
}
