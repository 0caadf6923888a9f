package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/store"
)

// Sources are where the held-state families are read from, at scrape
// time only. A nil source leaves its families out.
type Sources struct {
	// Namespaces reads the registry: namespaces, visits and report jobs
	// held, evictions, expiries and refused namespaces.
	Namespaces func() namespaces.Stats
	// Memory reads the memory bound (its Limit is 0 when there is none).
	Memory func() membound.Stats
	// Persistence reads the saver; ok is false without a data directory.
	Persistence func() (s store.SaverStats, ok bool)
	// Now is the wall clock persistence lag is measured on; nil is
	// time.Now.
	Now func() time.Time
}

// heldCollector turns the sources' snapshots into metrics when scraped.
type heldCollector struct{ src Sources }

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, labels, nil)
}

var (
	namespacesDesc    = desc("mockdex_namespaces", "Live namespaces, the default one included.")
	namespacesMaxDesc = desc("mockdex_namespaces_max", "The namespace cap (--max-namespaces); 0: none.")
	visitsDesc        = desc("mockdex_visits_held", "Visits held over every live namespace, generated history included.")
	reportsDesc       = desc("mockdex_report_jobs_held", "Report jobs held over every live namespace.")
	evictionsDesc     = desc("mockdex_namespace_evictions_total", "Namespaces taken out of memory to make room for another (saved first with --data-dir; never one holding state without it).")
	expiriesDesc      = desc("mockdex_namespace_expiries_total", "Namespaces dropped after --namespace-idle-ttl without a request.")
	unreadableDesc    = desc("mockdex_namespace_unreadable_total", "Saved namespaces whose state file failed its checks when loaded.")
	refusalsDesc      = desc("mockdex_refusals_total", "Requests refused for the mock's own bounds, by cause (namespace-cap, expired, unreadable, cross-site, memory) and what was refused (namespace, visit, report, import).", "cause", "refused")
	memLimitDesc      = desc("mockdex_memory_bound_bytes", "The process's memory bound (--max-memory); 0: none.")
	memMarkDesc       = desc("mockdex_memory_admission_mark_bytes", "The live heap past which new namespaces, visits, report jobs and imports are refused (half the bound); 0: none.")
	memLiveDesc       = desc("mockdex_memory_live_heap_bytes", "The live heap as of the last garbage collection.")
	memReservedDesc   = desc("mockdex_memory_reserved_bytes", "Memory promised to state imports under way.")
	lagDesc           = desc("mockdex_persistence_lag_seconds", "Seconds since the interval flush last looked for changes to write to --data-dir (about 0.2 at most while it keeps up).")
	pendingDesc       = desc("mockdex_persistence_pending_namespaces", "Namespaces with changes not yet on disk when the flush last looked.")
	flushesDesc       = desc("mockdex_persistence_flushes_total", "Log appends that wrote something.")
	recordsDesc       = desc("mockdex_persistence_records_total", "Change records appended to the logs.")
	stateFilesDesc    = desc("mockdex_persistence_state_files_total", "State files written (new worlds, evictions, compactions, shutdown).")
	compactionsDesc   = desc("mockdex_persistence_compactions_total", "Logs folded into their state files.")
	failuresDesc      = desc("mockdex_persistence_failures_total", "Writes to --data-dir that failed (and are retried).")
	logBytesDesc      = desc("mockdex_persistence_log_bytes_total", "Bytes appended to the logs.")
)

// namespaceCauses maps the registry's refusal causes to the label.
var namespaceCauses = map[string]string{"limit": "namespace-cap", "expired": "expired", "unreadable": "unreadable", "cross-site": "cross-site"}

func (h heldCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{namespacesDesc, namespacesMaxDesc, visitsDesc, reportsDesc, evictionsDesc,
		expiriesDesc, unreadableDesc, refusalsDesc, memLimitDesc, memMarkDesc, memLiveDesc, memReservedDesc,
		lagDesc, pendingDesc, flushesDesc, recordsDesc, stateFilesDesc, compactionsDesc, failuresDesc, logBytesDesc} {
		ch <- d
	}
}

func (h heldCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	if h.src.Namespaces != nil {
		s := h.src.Namespaces()
		gauge(namespacesDesc, float64(s.Live))
		gauge(namespacesMaxDesc, float64(max(s.Max, 0)))
		gauge(visitsDesc, float64(s.Visits))
		gauge(reportsDesc, float64(s.Reports))
		counter(evictionsDesc, s.Evicted)
		counter(expiriesDesc, s.Expired)
		counter(unreadableDesc, s.Unreadable)
		for cause, label := range namespaceCauses {
			counter(refusalsDesc, s.Refused[cause], label, "namespace")
		}
	}
	if h.src.Memory != nil {
		s := h.src.Memory()
		gauge(memLimitDesc, float64(s.Limit))
		gauge(memMarkDesc, float64(s.Mark))
		gauge(memLiveDesc, float64(s.Live))
		gauge(memReservedDesc, float64(s.Reserved))
		for what, n := range s.Refused {
			counter(refusalsDesc, n, "memory", what)
		}
	}
	if h.src.Persistence != nil {
		if s, ok := h.src.Persistence(); ok {
			h.collectPersistence(s, gauge, counter)
		}
	}
}

func (h heldCollector) collectPersistence(s store.SaverStats, gauge func(*prometheus.Desc, float64, ...string), counter func(*prometheus.Desc, uint64, ...string)) {
	now := time.Now
	if h.src.Now != nil {
		now = h.src.Now
	}
	lag := 0.0
	if !s.LastFlush.IsZero() && s.LastFlush.Unix() > 0 {
		lag = max(now().Sub(s.LastFlush).Seconds(), 0)
	}
	gauge(lagDesc, lag)
	gauge(pendingDesc, float64(s.Pending))
	counter(flushesDesc, s.Flushes)
	counter(recordsDesc, s.Records)
	counter(stateFilesDesc, s.StateFiles)
	counter(compactionsDesc, s.Compactions)
	counter(failuresDesc, s.Failures)
	counter(logBytesDesc, uint64(max(s.LogBytes, 0)))
}
