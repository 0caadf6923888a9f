package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/journal"
)

// journaled says whether a request goes into the journal: the spec's API
// and unmatched paths do; mockdex's own endpoints and probes do not, so
// reading the journal does not fill it.
func journaled(r *http.Request) bool {
	p := r.URL.Path
	return p != "/healthz" && p != "/readyz" && !strings.HasPrefix(p, "/_mockdex")
}

// startCapture begins the request's journal record in ci: bounded copies
// only, taken as the body is read and the response written (see package
// journal). r must be a copy of the request net/http passed in (it is
// given the capturing body: net/http judges by the original's body
// whether a refused upload may be left unread, see limitBody). It
// returns the writer the rest of ServeHTTP uses.
func (s *Server) startCapture(w http.ResponseWriter, r *http.Request, ci *callInfo, wall time.Time) (*journal.Capture, http.ResponseWriter) {
	if s.journal == nil || !journaled(r) {
		return nil, w
	}
	c := s.journal.Begin(r, wall, s.clock.Now())
	ci.capture = c
	r.Body = c.Body(r.Body)
	return c, c.Writer(w)
}

// captureOf is the request's capture; nil (which records nothing) when
// the request is not journaled.
func captureOf(r *http.Request) *journal.Capture { return call(r).capture }
