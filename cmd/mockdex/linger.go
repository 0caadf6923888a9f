package main

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// A refused upload is read and thrown away, up to lingerBytes or for
// lingerTime, before its connection closes: nginx's lingering close.
// Closing a connection while the client is still sending makes the
// kernel answer what arrives with a reset, and clients that write the
// whole body before reading (Python's http.client and urllib, Node's
// http) then see ECONNRESET instead of the 413 that was sent. The bounds
// keep a client from holding the connection for long: 64 MiB arrives in
// well under a second on loopback or a LAN; past either bound the
// connection closes as before.
const (
	lingerBytes = 64 << 20
	lingerTime  = 5 * time.Second
)

// linger answers through next, then reads and discards what is left of
// a request body next did not read (a 413, a refusal before the body),
// within the bounds above, after the answer has been sent.
func linger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// HTTP/2 ends a stream, not the connection; a client that sent
		// Expect: 100-continue sends no body until told to (curl, for
		// large bodies): nothing to linger for either way.
		if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 || r.ProtoMajor != 1 ||
			strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		// Full duplex keeps the body readable once the answer is written;
		// without it net/http gives up on a body over 256 KiB unread.
		_ = rc.EnableFullDuplex()
		body := &watchedBody{ReadCloser: r.Body}
		r.Body = body
		next.ServeHTTP(w, r)
		if body.ended.Load() {
			return
		}
		if rc.Flush() != nil { // the answer goes out before the wait
			return
		}
		_ = rc.SetReadDeadline(time.Now().Add(lingerTime)) // wall-clock by nature
		_, _ = io.CopyN(io.Discard, body.ReadCloser, lingerBytes)
	})
}

// watchedBody notes when its body has been read to the end (or failed).
// A handler's Close does not reach the body: linger still reads it, and
// net/http closes it after the handler.
type watchedBody struct {
	io.ReadCloser
	ended atomic.Bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.ended.Store(true)
	}
	return n, err
}

func (b *watchedBody) Close() error { return nil }
