package main

import (
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scrapeFamilies reads url as Prometheus would and parses it.
func scrapeFamilies(t *testing.T, url, token string) map[string]*dto.MetricFamily {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain"), resp.Header.Get("Content-Type"))
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	require.NoError(t, err, "the scrape parses as Prometheus' text format")
	return fams
}

// sample is the value of fam's sample whose labels include want.
func sample(t *testing.T, fams map[string]*dto.MetricFamily, fam string, want ...string) float64 {
	t.Helper()
	f := fams[fam]
	require.NotNil(t, f, "family %s", fam)
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for i := 0; i+1 < len(want); i += 2 {
			match = match && labels[want[i]] == want[i+1]
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	t.Fatalf("%s has no sample labelled %v", fam, want)
	return 0
}

// The binary serves every documented family on --metrics-addr without a
// token, and on its API port behind the control plane's token.
func TestMetricsScrapedFromTheBinary(t *testing.T) {
	bin := mockdexBinary(t)
	const token = "metrics-test-token"
	t.Setenv("MOCKDEX_ADMIN_TOKEN", token)
	s := startBinary(t, bin, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--history-days", "1",
		"--data-dir", t.TempDir(), "--max-memory", "1GiB", "--max-conns", "64")
	require.NotEmpty(t, s.metrics, "the metrics address is announced")

	createGuest(t, s.base, "metrics-a")
	createGuest(t, s.base, "metrics-a")
	createGuest(t, s.base, "metrics-b")
	resp, err := http.Get(s.base + "/api/9/no-such-path")
	require.NoError(t, err)
	resp.Body.Close()

	fams := scrapeFamilies(t, "http://"+s.metrics+"/metrics", "")
	assert.Equal(t, 3.0, sample(t, fams, "mockdex_requests_total", "operation", "createQueuedGuestVisit", "status", "200"))
	assert.Equal(t, 1.0, sample(t, fams, "mockdex_requests_total", "operation", "unrouted", "status", "404"))
	assert.Equal(t, 3.0, sample(t, fams, "mockdex_request_duration_seconds", "operation", "createQueuedGuestVisit"))
	assert.GreaterOrEqual(t, sample(t, fams, "mockdex_namespaces"), 3.0, "default, metrics-a and metrics-b")
	assert.Equal(t, 100.0, sample(t, fams, "mockdex_namespaces_max"))
	assert.Positive(t, sample(t, fams, "mockdex_visits_held"))
	sample(t, fams, "mockdex_report_jobs_held")
	assert.Equal(t, float64(1<<30), sample(t, fams, "mockdex_memory_bound_bytes"))
	assert.Positive(t, sample(t, fams, "mockdex_memory_live_heap_bytes"))
	assert.Equal(t, 0.0, sample(t, fams, "mockdex_refusals_total", "cause", "namespace-cap", "refused", "namespace"))
	assert.Equal(t, 0.0, sample(t, fams, "mockdex_refusals_total", "cause", "memory", "refused", "visit"))
	assert.Equal(t, 0.0, sample(t, fams, "mockdex_namespace_evictions_total"))
	assert.Equal(t, 0.0, sample(t, fams, "mockdex_namespace_expiries_total"))
	assert.Less(t, sample(t, fams, "mockdex_persistence_lag_seconds"), 60.0)
	sample(t, fams, "mockdex_persistence_pending_namespaces")
	assert.Equal(t, 64.0, sample(t, fams, "mockdex_connections_max"))
	sample(t, fams, "mockdex_connections", "service", "full")
	sample(t, fams, "mockdex_connections_shed_total", "why", "stalled")
	sample(t, fams, "go_goroutines")

	resp, err = http.Get(s.base + "/metrics")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the API's port guards /metrics as it guards /_mockdex/")
	fams = scrapeFamilies(t, s.base+"/metrics", token)
	assert.Equal(t, 3.0, sample(t, fams, "mockdex_requests_total", "operation", "createQueuedGuestVisit", "status", "200"))
}
