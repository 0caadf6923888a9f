package respond

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/canonhdr"
)

// Log writes a request's access line. It records the path without the
// query and no header but the correlation id: credentials and patient
// data never reach the log. Health and readiness probes (opID "healthz"
// and "readyz") are logged at DEBUG: a container's health check polls
// every few seconds and would bury the lines that matter. extra attrs
// (such as AuthProblem's) follow the fixed ones. Under NewTextHandler
// the line skips slog's Record but not one of its bytes.
func Log(log *slog.Logger, r *http.Request, opID string, status int, d time.Duration, extra ...slog.Attr) {
	level := slog.LevelInfo
	if opID == "healthz" || opID == "readyz" {
		level = slog.LevelDebug
	}
	ctx := context.Background()
	if !log.Enabled(ctx, level) {
		return
	}
	ms, corrID := float64(d.Microseconds())/1000, canonhdr.Get(r.Header, canonhdr.CorrelationID)
	if h, ok := log.Handler().(*accessHandler); ok {
		// line is not reused below: escape analysis would then move the
		// caller's extra to the heap.
		line := accessLine{method: r.Method, path: r.URL.Path, opID: opID, status: status, ms: ms, corrID: corrID, extra: extra}
		if h.write(time.Now(), level, &line) {
			return
		}
	}
	attrs := [...]slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("operationId", opID),
		slog.Int("status", status),
		slog.Float64("duration_ms", ms),
		slog.String("correlation_id", corrID),
	}
	if len(extra) == 0 {
		log.LogAttrs(ctx, level, "request", attrs[:]...)
		return
	}
	log.LogAttrs(ctx, level, "request", append(attrs[:], extra...)...)
}

// AuthProblem is the log attribute naming a refused credential's mistake
// (auth.Problem's word): never the credential itself.
func AuthProblem(problem string) slog.Attr { return slog.String("auth_problem", problem) }
