package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/journal"
)

// captureKey keys the request's journal capture in its context.
type captureKey struct{}

// journaled says whether a request goes into the journal: the spec's API
// and unmatched paths do; mockdex's own endpoints and probes do not, so
// reading the journal does not fill it.
func journaled(r *http.Request) bool {
	p := r.URL.Path
	return p != "/healthz" && p != "/readyz" && !strings.HasPrefix(p, "/_mockdex")
}

// startCapture begins the request's journal record: bounded copies only,
// taken as the body is read and the response written (see package
// journal). It returns the writer and request the rest of ServeHTTP uses.
func (s *Server) startCapture(w http.ResponseWriter, r *http.Request, wall time.Time) (*journal.Capture, http.ResponseWriter, *http.Request) {
	if s.journal == nil || !journaled(r) {
		return nil, w, r
	}
	c := s.journal.Begin(r, wall, s.clock.Now())
	// The body is wrapped on a copy: net/http judges by the original's
	// body whether a refused upload may be left unread (see limitBody).
	r = r.WithContext(context.WithValue(r.Context(), captureKey{}, c))
	r.Body = c.Body(r.Body)
	return c, c.Writer(w), r
}

// captureOf is the request's capture; nil (which records nothing) when
// the request is not journaled.
func captureOf(r *http.Request) *journal.Capture {
	c, _ := r.Context().Value(captureKey{}).(*journal.Capture)
	return c
}
