package server

import (
	"context"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/respond"
)

// applyFault runs the fault of the namespace's store that applies to this
// request, if any, after
// routing and validation and before the handler. It reports whether the
// request is done (answered by the fault, or abandoned by the client
// during the delay), in which case the handler must not run.
func (s *Server) applyFault(w http.ResponseWriter, c *Call, store *faults.Store) bool {
	f, ok := store.Take(c.OperationID())
	if !ok {
		return false
	}
	c.capture.SetFault(f.ID)
	w.Header().Set("x-mockdex-fault", f.ID)
	if f.Delay > 0 {
		extendDeadlines(w, f.Delay)
	}
	if f.Delay > 0 && !sleepCtx(c.Request().Context(), f.Delay) {
		return true // the client hung up; do not change the world for it
	}
	if f.Status == 0 {
		return false
	}
	writeFault(w, c, f)
	return true
}

// sleepCtx waits d of wall time, or less if ctx ends first; it reports
// whether the whole wait passed. This is the one real sleep in mockdex: a
// delay fault exists to be measured by the client's own stopwatch, which
// the mock clock does not drive.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// writeFault answers with the fault's status and body, or without a body,
// the operation's own error shape for that status.
func writeFault(w http.ResponseWriter, c *Call, f faults.Fault) {
	switch {
	case f.Body != nil:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		_, _ = w.Write(append(f.Body, '\n')) // the client hung up
	case c.style == stylePage:
		renderErrorPage(w, f.Status, http.StatusText(f.Status))
	default:
		respond.WriteJSON(w, f.Status, faultBody(c, f.Status))
	}
}

// faultBody is the error body the operation's style answers status with,
// built by the style itself for the fault's status (503 included).
func faultBody(c *Call, status int) map[string]any {
	return c.style.body(c, status, apierr.New(respond.KindFor(status), "%s", http.StatusText(status)))
}
