package faultclients

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
	"github.com/mockdex/mockdex/e2e/runmock"
)

// kinds maps each fault (the X-Kind a call sends to meet it) to what a
// client must make of it. "status" is a 503 with Retry-After.
var kinds = map[string]struct {
	fault, want string
}{
	"reset":               {`{"kind":"reset"}`, "reset"},
	"close-after-headers": {`{"kind":"close-after-headers"}`, "incomplete"},
	"truncated-body":      {`{"kind":"truncated-body"}`, "incomplete"},
	"malformed-json":      {`{"kind":"malformed-json"}`, "json-error"},
	"empty-body":          {`{"kind":"empty-body"}`, "json-error"},
	"slow-body":           {`{"kind":"slow-body","bytesPerSecond":1}`, "timeout"},
	"gateway-page":        {`{"kind":"gateway-page"}`, "status 502 text/html retry-after="},
	"status":              {`{"status":503,"headers":{"Retry-After":"120"}}`, "status 503 application/json retry-after=120"},
	"none":                {"", "ok"},
}

// clientTimeout is each client's timeout: a slow body (a byte a
// second) runs into it.
const clientTimeout = 500 * time.Millisecond

// TestEachClientSeesEachFault runs Go's, Python's and Node's HTTP clients
// against faults of every kind, over loopback to the mockdex command.
func TestEachClientSeesEachFault(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mockdex and runs clients over loopback")
	}
	addr := startMockdex(t)
	for kind, k := range kinds {
		if k.fault == "" {
			continue
		}
		body := strings.TrimSuffix(k.fault, "}") + `,"operationId":"getModalities","requestHeaders":{"X-Kind":"` + kind + `"}}`
		resp, err := http.Post("http://"+addr+"/_mockdex/faults", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode, body)
	}
	want := map[string]string{}
	names := make([]string, 0, len(kinds))
	for kind, k := range kinds {
		want[kind] = k.want
		names = append(names, kind)
	}
	t.Run("go", func(t *testing.T) { assert.Equal(t, want, goClient(t, addr, names)) })
	host, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	for _, c := range []struct{ name, bin, script string }{{"python", "python3", "client.py"}, {"node", "node", "client.js"}} {
		t.Run(c.name, func(t *testing.T) {
			bin, err := exec.LookPath(c.bin)
			if err != nil {
				t.Skipf("%s is not installed: this client's check needs it", c.bin)
			}
			cmd := exec.Command(bin, append([]string{filepath.Join("testdata", c.script), host, port}, names...)...)
			out, err := cmd.Output()
			require.NoError(t, err, "%s: %s", c.name, stderrOf(err))
			got := map[string]string{}
			require.NoError(t, json.Unmarshal(out, &got), "%s printed %s", c.name, out)
			assert.Equal(t, want, got)
		})
	}
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// goClient is the Go version of testdata/client.py: each kind's outcome
// as net/http sees it.
func goClient(t *testing.T, addr string, names []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, kind := range names {
		out[kind] = goOutcome(addr, kind)
	}
	return out
}

func goOutcome(addr, kind string) string {
	// A fresh connection for each call, as the other clients make: Go's
	// transport would retry an idempotent call reset on a reused one.
	client := &http.Client{Timeout: clientTimeout, Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/9/modalities", nil)
	req.Header.Set("X-Kind", kind)
	resp, err := client.Do(req)
	if err != nil {
		return goError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return goError(err)
	case resp.StatusCode != http.StatusOK:
		return "status " + resp.Status[:3] + " " + resp.Header.Get("Content-Type") + " retry-after=" + resp.Header.Get("Retry-After")
	case json.Unmarshal(body, new(any)) != nil:
		return "json-error"
	}
	return "ok"
}

func goError(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "reset"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "incomplete"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.EOF):
		return "disconnected"
	}
	return "other " + err.Error()
}

// startMockdex builds the command and serves it on a free loopback port.
func startMockdex(t *testing.T) string {
	t.Helper()
	root := filepath.Join("..", "..")
	return runmock.Start(t, binaries.Dir(t), root, "--history-days", "0", "--drain-timeout", "2s")
}
