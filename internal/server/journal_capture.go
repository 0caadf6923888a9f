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

// startCapture begins the request's journal record: bounded copies only,
// taken as the body is read and the response written (see package
// journal). r is a copy of the request net/http passed in whenever it has
// a body (uploads.track made one): the capturing body goes on the copy,
// as net/http judges by the original's body whether a refused upload may
// be left unread. Nil when the request is not journaled.
func (s *Server) startCapture(r *http.Request, wall time.Time) *journal.Capture {
	if s.journal == nil || !journaled(r) {
		return nil
	}
	c := s.journal.Begin(r, wall, s.spaces.Clock().Now())
	if body := c.Body(r.Body); body != r.Body {
		r.Body = body
	}
	return c
}
