package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/tools/metricstest"
)

// scrapeFamilies reads url as Prometheus would and parses it.
func scrapeFamilies(t *testing.T, url, token string) metricstest.Families {
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
	fams, err := metricstest.Parse(resp.Body)
	require.NoError(t, err, "the scrape parses as Prometheus' text format")
	return fams
}

// sample is the value of fam's sample whose labels include the pairs.
func sample(t *testing.T, fams metricstest.Families, fam string, labels ...string) float64 {
	t.Helper()
	v, err := fams.Value(fam, labels...)
	require.NoError(t, err)
	return v
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
