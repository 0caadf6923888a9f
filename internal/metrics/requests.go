package metrics

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Unrouted is the operation label of a request that matched no operation
// (a 404, a 405, a refused namespace name before routing).
const Unrouted = "unrouted"

// latencyBuckets, in seconds: a mock answers in well under a millisecond
// unless a fault delays it, so the low end is fine-grained and the high
// end reaches a fault's delays.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// requestMetrics counts requests and times them, per operation.
type requestMetrics struct {
	total   *prometheus.CounterVec
	latency *prometheus.HistogramVec
	// ops is built once in New and only read after: no lock on the
	// request path.
	ops      map[string]*opMetrics
	unrouted *opMetrics
}

// opMetrics is one operation's series, resolved ahead of the request
// path: its histogram at start, a status's counter the first time the
// status is seen.
type opMetrics struct {
	name     string
	total    *prometheus.CounterVec
	latency  prometheus.Observer
	byStatus atomic.Pointer[map[int]prometheus.Counter] // copied on write
	mu       sync.Mutex                                 // serialises the copies
}

func newRequestMetrics(ops []string) *requestMetrics {
	rm := &requestMetrics{
		total: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mockdex_requests_total",
			Help: "Requests answered, by the spec's operationId (healthz, readyz and admin for the probes and the control plane; unrouted when none matched) and HTTP status.",
		}, []string{"operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mockdex_request_duration_seconds",
			Help:    "Time from a request's headers to its answer written, by operation (faults' delays included).",
			Buckets: latencyBuckets,
		}, []string{"operation"}),
		ops: map[string]*opMetrics{},
	}
	for _, name := range append(ops, Unrouted) {
		o := &opMetrics{name: name, total: rm.total, latency: rm.latency.WithLabelValues(name)}
		o.byStatus.Store(&map[int]prometheus.Counter{})
		rm.ops[name] = o
	}
	rm.unrouted = rm.ops[Unrouted]
	return rm
}

func (rm *requestMetrics) observe(op string, status int, d time.Duration) {
	o := rm.ops[op]
	if o == nil {
		o = rm.unrouted
	}
	o.latency.Observe(d.Seconds())
	o.counter(status).Inc()
}

func (o *opMetrics) counter(status int) prometheus.Counter {
	if c, ok := (*o.byStatus.Load())[status]; ok {
		return c
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	old := *o.byStatus.Load()
	if c, ok := old[status]; ok {
		return c
	}
	next := make(map[int]prometheus.Counter, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	c := o.total.WithLabelValues(o.name, strconv.Itoa(status))
	next[status] = c
	o.byStatus.Store(&next)
	return c
}
