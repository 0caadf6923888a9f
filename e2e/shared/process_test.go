package shared

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the mockdex binary; skipped in -short")
	}
	return binaries.Path(t, "mockdex")
}

// proc is a mockdex process under test.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
	done   chan error
	killed atomic.Bool
}

var listening = regexp.MustCompile(`listening on http://(\S+)`)

// start runs the binary with args on a loopback port and waits until it
// listens.
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p, err := tryStart(t, args...)
	require.NoError(t, err)
	return p
}

// tryStart is start that reports a process that exits instead of
// listening, with what it said.
func tryStart(t *testing.T, args ...string) (*proc, error) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	p := &proc{t: t, cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if os.Getenv("MOCKDEX_MEMTRACE") != "" {
		cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
	}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { p.kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		p.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		p.base = "http://" + a
		return p, nil
	case err := <-p.done:
		p.done <- err
		return p, fmt.Errorf("mockdex exited (%v): %s", err, p.stderr.String())
	case <-time.After(60 * time.Second):
		return p, fmt.Errorf("mockdex did not listen within a minute: %s", p.stderr.String())
	}
}

// kill ends the process with SIGKILL (no shutdown of any kind) and waits
// for it; killing a process that has exited does nothing.
func (p *proc) kill() {
	if p.killed.Swap(true) {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	err := <-p.done
	p.done <- err
}

// pid is the process's id.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// client is shared by the tests: bounded in time, many connections.
var client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// do sends a request and returns the status and body.
func (p *proc) do(method, path, ns, body string, headers ...string) (int, []byte) {
	p.t.Helper()
	status, data, err := p.try(method, path, ns, body, headers...)
	require.NoError(p.t, err)
	return status, data
}

func (p *proc) try(method, path, ns, body string, headers ...string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, p.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != "" || method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	if ns != "" {
		req.Header.Set("X-Mockdex-Namespace", ns)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	return resp.StatusCode, data, err
}

// guestVisit queues a guest visit in WA; a practice of roomy fixtures
// takes any number.
const guestVisit = `{"patient":{"firstName":"Gus","lastName":"Guest","email":"gus@example.com","phone":"206-789-0123",
 "gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98102"}},
 "billingInfo":{"paymentMethod":"couponcode","couponCode":"c1"},
 "visitDetails":{"visitTypeName":"virtual","acceptedTerms":true,"declaration":"self","stateLicensure":"WA",
 "visitReason":"reasons","brand":"providence","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80"}}`

const guestPath = "/v1/booking/queued-guest-visit?product=DCIntSched"

// createGuest queues a guest visit in ns and returns its status and id.
func (p *proc) createGuest(ns string) (int, string, error) {
	status, body, err := p.try("POST", guestPath, ns, guestVisit, "x-api-key", "mockdex-api-key")
	if err != nil || status != http.StatusOK {
		return status, string(body), err
	}
	var out struct{ VisitID string }
	if err := json.Unmarshal(body, &out); err != nil || out.VisitID == "" {
		return status, "", fmt.Errorf("a create answered %s", body)
	}
	return status, out.VisitID, nil
}

// visitIDs exports namespace ns and returns its visits' ids.
func (p *proc) visitIDs(ns string) map[string]bool {
	p.t.Helper()
	status, body := p.do("GET", "/_mockdex/state", ns, "")
	require.Equal(p.t, http.StatusOK, status, string(body))
	var doc struct{ Visits []struct{ ID string } }
	require.NoError(p.t, json.Unmarshal(body, &doc))
	out := make(map[string]bool, len(doc.Visits))
	for _, v := range doc.Visits {
		out[v.ID] = true
	}
	return out
}

// roomyFixtures is the default world with queues that never fill, so a
// test can create tens of thousands of visits in one namespace.
func roomyFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "fixtures")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	capacity := regexp.MustCompile(`"capacity": [0-9]+`)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == "practices.json" {
			data = capacity.ReplaceAll(data, []byte(`"capacity": 100000000`))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600))
	}
	return dir
}

// lockedBuffer is a bytes.Buffer safe for a process's output and a test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 {
		b.buf.Reset() // the newest megabyte is enough to diagnose
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// peakRSS is the process's resident-memory high-water mark (VmHWM).
func (p *proc) peakRSS() int64 {
	p.t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.pid()))
	require.NoError(p.t, err)
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			_, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb)
			require.NoError(p.t, err)
			return kb << 10
		}
	}
	p.t.Fatal("no VmHWM in /proc status")
	return 0
}
