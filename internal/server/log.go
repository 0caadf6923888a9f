package server

import (
	"net/http"
	"time"
)

// logRequest writes the access line. It records the path without the
// query and no header but the correlation id: credentials and patient
// data never reach the log.
func (s *Server) logRequest(r *http.Request, opID string, status int, d time.Duration) {
	s.opts.Logger.Info("request",
		"method", r.Method,
		"path", r.URL.Path,
		"operationId", opID,
		"status", status,
		"duration_ms", float64(d.Microseconds())/1000,
		"correlation_id", r.Header.Get("correlation-id"),
	)
}
