package server

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// uploads tracks the requests whose bodies are still arriving, so that a
// shutdown can cut them: a stalled upload would otherwise hold the drain
// for ReadTimeout. A body read to its end (or failed) leaves the set, so
// a handler past its body, such as one in a fault's delay, is never cut.
type uploads struct {
	mu   sync.Mutex           // guards open and cut
	open map[*upload]struct{} // bodies being read
	cut  bool                 // CutUploads was called: refuse new reads
}

// upload is one request body being read, with the writer whose
// connection it arrives on.
type upload struct {
	io.ReadCloser
	u *uploads
	w http.ResponseWriter // the connection's own writer, for its deadline
}

var errShuttingDown = errors.New("mockdex is shutting down")

// track wraps r's body so CutUploads can reach it. The body goes on a
// copy of r: net/http judges by the original's body whether a refused
// upload may be left unread. done must run before the handler returns.
func (u *uploads) track(w http.ResponseWriter, r *http.Request) (*http.Request, func()) {
	if r.Body == nil || r.Body == http.NoBody {
		return r, func() {}
	}
	b := &upload{ReadCloser: r.Body, u: u, w: w}
	u.mu.Lock()
	if u.open == nil {
		u.open = map[*upload]struct{}{}
	}
	u.open[b] = struct{}{}
	u.mu.Unlock()
	r = r.WithContext(r.Context())
	r.Body = b
	return r, func() { u.remove(b) }
}

func (b *upload) Read(p []byte) (int, error) {
	b.u.mu.Lock()
	cut := b.u.cut
	b.u.mu.Unlock()
	if cut {
		return 0, errShuttingDown
	}
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.u.remove(b)
	}
	return n, err
}

func (u *uploads) remove(b *upload) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.open, b)
}

// cutAll ends every body still arriving and refuses reads from now on
// (Server.CutUploads).
func (u *uploads) cutAll() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.cut = true
	now := time.Now() // a deadline is wall-clock by nature
	for b := range u.open {
		// The blocked Read returns at once with a timeout; the handler
		// answers "request body could not be read" and the connection,
		// its body unread, closes. Holding mu keeps b's writer live.
		_ = http.NewResponseController(b.w).SetReadDeadline(now)
	}
}
