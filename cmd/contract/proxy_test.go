package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// simTier serves the drift simulator's hosts on loopback.
func simTier(t *testing.T, m drift.Mutation) map[scenarios.Host]string {
	t.Helper()
	mock, err := inproc.New(inproc.DefaultSeed, time.Now().UTC().Truncate(time.Second))
	require.NoError(t, err)
	sim := drift.New(mock.Server, m)
	out := map[scenarios.Host]string{}
	for _, h := range []scenarios.Host{scenarios.API, scenarios.ECVAPI, scenarios.Reporting} {
		srv := httptest.NewServer(sim.Handler(h))
		t.Cleanup(srv.Close)
		out[h] = srv.URL
	}
	return out
}

// The proxy command serves until stopped, then writes its reports and
// exits by --fail-on: here a drift the app's read shows.
func TestProxyCommandReportsTheAppsTraffic(t *testing.T) {
	m, _ := drift.Lookup("field-renamed")
	tier := simTier(t, m)
	dir := t.TempDir()
	ctx, stop := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	d := deps{stop: ctx, listening: func(a string) { addr <- a }}
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- d.run([]string{"contract", "proxy", "--listen", "127.0.0.1:0", "--api", tier[scenarios.API], "--ecvapi", tier[scenarios.ECVAPI],
			"--reporting", tier[scenarios.Reporting], "--report", "json=" + filepath.Join(dir, "r.json"), "--report", "markdown"}, &stdout, &stderr)
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	resp, err := http.Get(base + "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), `"name"`, "the tier's answer, unchanged")
	stop()
	code := <-done
	assert.Equal(t, exitDrift, code, stderr.String())
	var rep contract.Report
	raw, err := os.ReadFile(filepath.Join(dir, "r.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &rep))
	require.NotEmpty(t, rep.Findings)
	assert.Equal(t, contract.RuleMissingField, rep.Findings[0].Rule)
	assert.Equal(t, "/displayName", rep.Findings[0].Pointer)
	assert.Contains(t, stdout.String(), "missing-field", "the markdown report went to stdout when the proxy stopped")
	assert.Contains(t, stderr.String(), "contract DRIFT")
}

func TestProxyCommandRefusals(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--target", "http://127.0.0.1:1", "--listen", "0.0.0.0:8090"}, "loopback only"},
		{[]string{"--target", "http://127.0.0.1:1", "--fallback", "tier"}, "the one fallback is mock"},
		{[]string{"--target", "mock"}, "stands in front of a tier"},
		{[]string{"--api", "http://127.0.0.1:1"}, "--target URL is required"},
		{[]string{"--target", "https://api.dexcare.example.com"}, "looks like production"},
		{[]string{"--target", "http://127.0.0.1:1", "--report", "text", "--report", "json"}, "more than one report to stdout"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"contract", "proxy"}, c.args...), &stdout, &stderr)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, stderr.String(), c.want, "%v", c.args)
	}
}
