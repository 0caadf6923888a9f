package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// logRequest writes the access line. It records the path without the
// query and no header but the correlation id: credentials and patient
// data never reach the log. Health and readiness probes are logged at
// DEBUG: a container's health check polls every few seconds and would
// bury the lines that matter.
func (s *Server) logRequest(r *http.Request, opID string, status int, d time.Duration) {
	level := slog.LevelInfo
	if opID == opHealthz || opID == opReadyz {
		level = slog.LevelDebug
	}
	ctx := context.Background()
	if !s.opts.Logger.Enabled(ctx, level) {
		return
	}
	s.opts.Logger.LogAttrs(ctx, level, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("operationId", opID),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("correlation_id", r.Header.Get(correlationHeader)),
	)
}
