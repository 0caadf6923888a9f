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

// opMetrics is one operation's series, resolved off the request path's
// common case: the first request of an operation creates its histogram,
// the first of a status its counter (so a scrape lists only operations
// and statuses that were seen).
type opMetrics struct {
	name   string
	rm     *requestMetrics
	series atomic.Pointer[opSeries] // copied on write
	mu     sync.Mutex               // serialises the copies
}

type opSeries struct {
	latency  prometheus.Observer // nil until the first request
	byStatus map[int]prometheus.Counter
}

func (rm *requestMetrics) observe(op string, status int, d time.Duration) {
	o := rm.ops[op]
	if o == nil {
		o = rm.unrouted
	}
	s := o.series.Load()
	c, ok := s.byStatus[status]
	if !ok {
		s, c = o.add(status)
	}
	s.latency.Observe(d.Seconds())
	c.Inc()
}

// add resolves the series of a status not seen before for o.
func (o *opMetrics) add(status int) (*opSeries, prometheus.Counter) {
	o.mu.Lock()
	defer o.mu.Unlock()
	old := o.series.Load()
	if c, ok := old.byStatus[status]; ok {
		return old, c
	}
	next := &opSeries{latency: old.latency, byStatus: make(map[int]prometheus.Counter, len(old.byStatus)+1)}
	if next.latency == nil {
		next.latency = o.rm.latency.WithLabelValues(o.name)
	}
	for k, v := range old.byStatus {
		next.byStatus[k] = v
	}
	c := o.rm.total.WithLabelValues(o.name, strconv.Itoa(status))
	next.byStatus[status] = c
	o.series.Store(next)
	return next, c
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
		o := &opMetrics{name: name, rm: rm}
		o.series.Store(&opSeries{})
		rm.ops[name] = o
	}
	rm.unrouted = rm.ops[Unrouted]
	return rm
}
