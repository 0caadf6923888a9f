package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/store"
	"github.com/mockdex/mockdex/tools/metricstest"
)

// scrape reads h as a scraper would, in the text format.
func scrape(t *testing.T, h http.Handler) metricstest.Families {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("Content-Type %q, want Prometheus' text format", ct)
	}
	fams, err := metricstest.Parse(rec.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	return fams
}

// value is the one sample of fam whose labels include want.
func value(t *testing.T, fams metricstest.Families, fam string, want map[string]string) float64 {
	t.Helper()
	var labels []string
	for k, v := range want {
		labels = append(labels, k, v)
	}
	v, err := fams.Value(fam, labels...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRequestsAreCountedByOperationAndStatusAndTimed(t *testing.T) {
	m := New([]string{"getWaitTimes", "createVisit", "neverCalled"}, Sources{})
	m.Observe("getWaitTimes", 200, time.Millisecond)
	m.Observe("getWaitTimes", 200, 2*time.Millisecond)
	m.Observe("createVisit", 507, time.Millisecond)
	m.Observe("", 404, time.Millisecond)
	m.Observe("noSuchOperation", 404, time.Millisecond)
	m.Observe(OpHealthz, 200, time.Microsecond)
	fams := scrape(t, m.Handler())
	for _, c := range []struct {
		op, status string
		want       float64
	}{{"getWaitTimes", "200", 2}, {"createVisit", "507", 1}, {Unrouted, "404", 2}, {OpHealthz, "200", 1}} {
		if got := value(t, fams, "mockdex_requests_total", map[string]string{"operation": c.op, "status": c.status}); got != c.want {
			t.Errorf("requests %s %s = %v, want %v", c.op, c.status, got, c.want)
		}
	}
	if got := value(t, fams, "mockdex_request_duration_seconds", map[string]string{"operation": "getWaitTimes"}); got != 2 {
		t.Errorf("getWaitTimes latency count = %v, want 2", got)
	}
	for _, fam := range []string{"mockdex_requests_total", "mockdex_request_duration_seconds"} {
		for _, sample := range fams[fam].Metric {
			for _, l := range sample.Label {
				if l.GetValue() == "neverCalled" {
					t.Errorf("%s lists an operation never called: a scrape carries only what was seen", fam)
				}
			}
		}
	}
	if fams["go_goroutines"] == nil {
		t.Error("no go_goroutines family (Go's runtime collector)")
	}
}

func TestHeldStateIsReadFromTheSourcesAtScrapeTime(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ns := namespaces.Stats{Live: 7, Max: 100, Visits: 1234, Reports: 5, Evicted: 3, Expired: 2, Unreadable: 1,
		Refused: map[string]uint64{"limit": 4, "expired": 6, "unreadable": 1, "cross-site": 9}}
	m := New(nil, Sources{
		Namespaces: func() namespaces.Stats { return ns },
		Memory: func() membound.Stats {
			return membound.Stats{Limit: 512 << 20, Mark: 256 << 20, Live: 100 << 20, Refused: map[string]uint64{"visit": 8, "import": 1}}
		},
		Persistence: func() (store.SaverStats, bool) {
			return store.SaverStats{Flushes: 10, Records: 40, LastFlush: now.Add(-1500 * time.Millisecond), Pending: 2}, true
		},
		Now: func() time.Time { return now },
	})
	fams := scrape(t, m.Handler())
	for _, c := range []struct {
		fam    string
		labels map[string]string
		want   float64
	}{
		{"mockdex_namespaces", nil, 7},
		{"mockdex_namespaces_max", nil, 100},
		{"mockdex_visits_held", nil, 1234},
		{"mockdex_report_jobs_held", nil, 5},
		{"mockdex_namespace_evictions_total", nil, 3},
		{"mockdex_namespace_expiries_total", nil, 2},
		{"mockdex_namespace_unreadable_total", nil, 1},
		{"mockdex_refusals_total", map[string]string{"cause": "namespace-cap", "refused": "namespace"}, 4},
		{"mockdex_refusals_total", map[string]string{"cause": "cross-site", "refused": "namespace"}, 9},
		{"mockdex_refusals_total", map[string]string{"cause": "memory", "refused": "visit"}, 8},
		{"mockdex_memory_bound_bytes", nil, 512 << 20},
		{"mockdex_memory_admission_mark_bytes", nil, 256 << 20},
		{"mockdex_memory_live_heap_bytes", nil, 100 << 20},
		{"mockdex_persistence_lag_seconds", nil, 1.5},
		{"mockdex_persistence_pending_namespaces", nil, 2},
		{"mockdex_persistence_records_total", nil, 40},
	} {
		if got := value(t, fams, c.fam, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.fam, c.labels, got, c.want)
		}
	}
	ns.Live = 8 // read again at the next scrape, not cached
	if got := value(t, scrape(t, m.Handler()), "mockdex_namespaces", nil); got != 8 {
		t.Errorf("mockdex_namespaces after a change = %v, want 8", got)
	}
}

func TestNoPersistenceFamiliesWithoutADataDir(t *testing.T) {
	m := New(nil, Sources{Persistence: func() (store.SaverStats, bool) { return store.SaverStats{}, false }})
	if fams := scrape(t, m.Handler()); fams["mockdex_persistence_lag_seconds"] != nil {
		t.Error("a mock without --data-dir reports a persistence lag")
	}
}

// The request path pays for metrics in time, never in garbage.
func TestObserveDoesNotAllocate(t *testing.T) {
	m := New([]string{"getWaitTimes"}, Sources{})
	m.Observe("getWaitTimes", 200, time.Millisecond) // the first sight of a status resolves its series
	if n := testing.AllocsPerRun(1000, func() { m.Observe("getWaitTimes", 200, time.Millisecond) }); n != 0 {
		t.Errorf("Observe allocates %v times per request", n)
	}
}

func BenchmarkObserve(b *testing.B) {
	m := New([]string{"getWaitTimes"}, Sources{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Observe("getWaitTimes", 200, time.Millisecond)
		}
	})
}
