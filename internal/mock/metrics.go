package mock

import (
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/metrics"
	"github.com/mockdex/mockdex/internal/respond"
	"github.com/mockdex/mockdex/internal/store"
)

// MetricsPath is where the API's port serves the metrics, behind the
// control plane's guard (docs/metrics.md); `mockdex --metrics-addr`
// serves them on a port of their own without it.
const MetricsPath = "/metrics"

// Metrics serves the mock's metrics in Prometheus' text format, with no
// guard of its own: mount it where only scrapers reach.
func (m *Mock) Metrics() http.Handler { return m.metrics.Handler() }

// MetricsRegistry is the mock's metrics registry, for collectors of the
// process around it (cmd/mockdex's connection limit).
func (m *Mock) MetricsRegistry() *metrics.Metrics { return m.metrics }

// metricSources reads the mock's own counters at scrape time.
func (m *Mock) metricSources() metrics.Sources {
	src := metrics.Sources{Namespaces: m.spaces.Stats, Memory: m.memory.Stats}
	src.Persistence = func() (store.SaverStats, bool) {
		if m.kept == nil {
			return store.SaverStats{}, false
		}
		return m.kept.Stats(), true
	}
	return src
}

// serveControl serves the control plane, counted as one operation.
func (m *Mock) serveControl(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the metrics only
	out := respond.NewRecorder(w, nil)
	m.control.ServeHTTP(out, r)
	m.metrics.Observe(metrics.OpAdmin, out.Status(), time.Since(start))
}

func operationIDs(ops []gate.Operation) []string {
	ids := make([]string, len(ops))
	for i, op := range ops {
		ids[i] = op.ID
	}
	return ids
}
