package server

import (
	"log/slog"
	"time"

	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// Options are the parts a Server serves with; internal/mock assembles
// them (mock.New is the way to build a whole mock).
type Options struct {
	// Namespaces are the worlds requests are served from. Required.
	Namespaces *namespaces.Registry
	// Gate routes and checks requests, with the mock's credentials. Required.
	Gate *gate.Gate
	// Journal records each request; nil keeps no record.
	Journal *journal.Journal
	// BaseURL is how clients reach this mock, used in visitRedirectUrl;
	// "" uses the request's own scheme and host.
	BaseURL string
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger
	// ResponseCheck, when set, turns on strict mode: every answer is
	// checked against the spec before the client sees it, and failures
	// are reported here (tests fail on them).
	ResponseCheck func(operationID string, status int, err error)
	// Observe, when set, is told of every answered request: its
	// operationId ("" when none matched, "healthz", "readyz"), status and
	// duration (internal/metrics). It runs on the request path: keep it
	// cheap.
	Observe func(operationID string, status int, d time.Duration)
}
