package main

import (
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/server"
)

// startMetrics serves GET /metrics alone on --metrics-addr, without the
// control plane's guard: a port of its own is how a scraper that sends
// no token (a pod annotation, a sidecar) reads the metrics, and who
// reaches that port is the operator's choice (docs/metrics.md). The
// metrics hold counts only: no names, keys or patient data.
func startMetrics(addr string, m *mock.Mock, stdout io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+mock.MetricsPath, m.Metrics())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: server.ReadHeaderTimeout,
		ReadTimeout:       server.ReadTimeout,
		WriteTimeout:      server.WriteTimeout,
		IdleTimeout:       server.IdleTimeout,
		MaxHeaderBytes:    server.MaxHeaderBytes,
	}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(stdout, "mockdex metrics on http://%s%s\n", ln.Addr(), mock.MetricsPath)
	return func() { _ = srv.Close() }, nil
}

// connCollector reports the connection limit's state to /metrics.
type connCollector struct{ l *connLimiter }

var (
	connsDesc = prometheus.NewDesc("mockdex_connections", "Open connections, by service: full, or on probation past --max-conns (probes answered, anything else 503).",
		[]string{"service"}, nil)
	connsMaxDesc  = prometheus.NewDesc("mockdex_connections_max", "Connections served in full at once (--max-conns).", nil, nil)
	connsShedDesc = prometheus.NewDesc("mockdex_connections_shed_total",
		"Connections ended by the limit, by why: busy (answered 503 on probation), refused (closed on accept past the open-file limit), evicted (a connection on probation closed for a new one), stalled (closed for sending too little under pressure).",
		[]string{"why"}, nil)
)

func (c connCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- connsDesc
	ch <- connsMaxDesc
	ch <- connsShedDesc
}

func (c connCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.l.stats()
	ch <- prometheus.MustNewConstMetric(connsDesc, prometheus.GaugeValue, float64(s.active-s.probation), "full")
	ch <- prometheus.MustNewConstMetric(connsDesc, prometheus.GaugeValue, float64(s.probation), "probation")
	ch <- prometheus.MustNewConstMetric(connsMaxDesc, prometheus.GaugeValue, float64(c.l.soft))
	for why, n := range map[string]uint64{"busy": s.busy, "refused": s.refused, "evicted": s.evicted, "stalled": s.stalled} {
		ch <- prometheus.MustNewConstMetric(connsShedDesc, prometheus.CounterValue, float64(n), why)
	}
}
