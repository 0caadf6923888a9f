package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Operations every mock answers besides the spec's own.
const (
	OpHealthz = "healthz"
	OpReadyz  = "readyz"
	OpAdmin   = "admin" // the control plane, /_mockdex/
)

// Metrics is one mock's registry: each mock in a process (tests start
// many) has its own, never Prometheus' global one.
type Metrics struct {
	reg      *prometheus.Registry
	requests *requestMetrics
	handler  http.Handler
}

// New registers the request families for ops (the spec's operationIds;
// OpHealthz, OpReadyz, OpAdmin and Unrouted are added), the held-state
// families read from src, and Go's runtime and process families.
func New(ops []string, src Sources) *Metrics {
	all := append([]string{OpHealthz, OpReadyz, OpAdmin}, ops...)
	m := &Metrics{reg: prometheus.NewRegistry(), requests: newRequestMetrics(all)}
	m.reg.MustRegister(m.requests.total, m.requests.latency, heldCollector{src: src},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A scrape reads every namespace's counts: two at once are
		// plenty, more are told to wait.
		MaxRequestsInFlight: 2,
		Timeout:             10 * time.Second,
		ErrorHandling:       promhttp.ContinueOnError,
	})
	return m
}

// Observe counts one answered request; op is its operationId ("" or one
// New was not given counts as Unrouted). It is safe for concurrent use
// and does not allocate once a status has been seen for the operation.
func (m *Metrics) Observe(op string, status int, d time.Duration) {
	m.requests.observe(op, status, d)
}

// Handler serves the registry in Prometheus' text format (or
// OpenMetrics, or gzipped, as the scraper asks).
func (m *Metrics) Handler() http.Handler { return m.handler }

// Register adds a collector of the process's own (cmd/mockdex's
// connection limit).
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }
