package proxy_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// What the app gets through the proxy is what it gets from the tier:
// status, headers and body bytes, answers and errors alike.
func TestPassThroughFidelity(t *testing.T) {
	tier, mock := driftedTier(t, drift.PassThrough())
	_, url := start(t, proxy.Options{Upstreams: tier})
	key := mock.Target(nil).Creds.APIKey
	for _, c := range []struct {
		host         scenarios.Host
		method, path string
		body         string
		headers      []string
		wantStatus   int
	}{
		{scenarios.API, "GET", "/api/8/practices/" + practiceID, "", nil, 200},
		{scenarios.API, "GET", "/api/9/regions/waittimes?practiceId=" + practiceID, "", []string{"correlation-id", "trace-7"}, 200},
		{scenarios.API, "GET", "/api/8/practices/00000000-0000-4000-8000-000000000000", "", nil, 404},
		{scenarios.API, "GET", "/v5/providers/1234567890/timeslots", "", []string{"x-api-key", "not-the-key"}, 401},
		{scenarios.API, "GET", "/v5/providers/0000000000/timeslots", "", []string{"x-api-key", key}, 404},
		{scenarios.Reporting, "POST", "/api/8/reporting/allvisitsreport", `{}`, []string{"Authorization", "dc-token wrong"}, 403},
	} {
		name := c.method + " " + c.path
		direct, dbody := call(t, c.method, tier[c.host]+c.path, c.body, c.headers...)
		via, vbody := call(t, c.method, url+c.path, c.body, c.headers...)
		require.Equal(t, c.wantStatus, direct.StatusCode, name)
		assert.Equal(t, direct.StatusCode, via.StatusCode, name)
		assert.Equal(t, string(dbody), string(vbody), name)
		direct.Header.Del("Date")
		via.Header.Del("Date")
		assert.Equal(t, direct.Header, via.Header, name)
		assert.Empty(t, via.Header.Get(proxy.MarkHeader), name)
	}
}

// A streamed answer reaches the app as it comes: the first chunk arrives
// while the tier still holds the rest back.
func TestStreamingPassesThrough(t *testing.T) {
	release := make(chan struct{})
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		io.WriteString(w, "id,status\n")
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, "r1,SUCCEEDED\n")
	}))
	t.Cleanup(tier.Close)
	_, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.Reporting: tier.URL}})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url+"/api/8/reporting/allvisitsreport/r1/data", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	first := make([]byte, len("id,status\n"))
	_, err = io.ReadFull(resp.Body, first)
	require.NoError(t, err, "the first chunk comes before the tier finishes")
	assert.Equal(t, "id,status\n", string(first))
	close(release)
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "r1,SUCCEEDED\n", string(rest))
}

// A path no operation has is not forwarded anywhere.
func TestUnknownPathIsNotForwarded(t *testing.T) {
	var hits atomic.Int32
	tier := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(tier.Close)
	p, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: tier.URL}})
	resp, _ := call(t, "GET", url+"/api/1/secrets", "", "Authorization", "Bearer app-token")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, proxy.MarkNotForwarded, resp.Header.Get(proxy.MarkHeader))
	assert.Zero(t, hits.Load())
	assert.Len(t, findingsOf(settled(t, p), proxy.RuleUnknownOperation), 1)
	resp, _ = call(t, "GET", url+"/api/9/visits/"+practiceID+"/summary", "")
	assert.Equal(t, 502, resp.StatusCode, "no upstream for the ecvapi host: refused, not sent to another")
	assert.Equal(t, proxy.MarkNoUpstream, resp.Header.Get(proxy.MarkHeader))
	assert.Zero(t, hits.Load())
}

// A browser's CORS preflight goes to the tier of the path's host, and is
// not judged against the operation.
func TestPreflightIsForwarded(t *testing.T) {
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example.org")
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(tier.Close)
	p, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.ECVAPI: tier.URL}})
	resp, _ := call(t, "OPTIONS", url+"/api/9/visits", "", "Origin", "https://app.example.org", "Access-Control-Request-Method", "POST")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "https://app.example.org", resp.Header.Get("Access-Control-Allow-Origin"))
	rep := settled(t, p)
	assert.Empty(t, rep.Findings)
}
