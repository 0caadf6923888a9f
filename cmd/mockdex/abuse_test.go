package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// These tests run the mockdex binary, built without the race detector
// (whose memory overhead would swamp the figures), as a user would: the
// one build the end-to-end tests share (e2e/binaries).
func mockdexBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and floods the binary; skipped in -short")
	}
	return binaries.Path(t, "mockdex")
}

// started is a mockdex process under test.
type started struct {
	cmd    *exec.Cmd
	base   string
	addr   string
	stderr *syncBuffer
	done   chan error
	// metrics is --metrics-addr's bound address, when given.
	metrics string
}

var (
	listening       = regexp.MustCompile(`listening on http://(\S+)`)
	metricsAnnounce = regexp.MustCompile(`metrics on http://(\S+)/metrics`)
)

// noUlimit is the exit status of the shell that could not lower the
// open-file limit before starting mockdex: the machine's doing, not the
// binary's.
const noUlimit = 97

// startBinary runs argv (the binary, perhaps behind a shell) and waits
// for its "listening" line.
func startBinary(t *testing.T, argv ...string) *started {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	s := &started{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := metricsAnnounce.FindStringSubmatch(sc.Text()); m != nil {
				s.metrics = m[1] // printed before "listening": read once that has been
			}
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				lines <- m[1]
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.addr = <-lines:
		s.base = "http://" + s.addr
	case err := <-s.done:
		s.done <- err
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == noUlimit {
			t.Skip("sh cannot lower the open-file limit here (ulimit -n 1024 failed)")
		}
		t.Fatalf("mockdex exited before it listened (%v): %s", err, s.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("mockdex did not start: %s", s.stderr.String())
	}
	return s
}

// rssMB is the process's resident memory now.
func rssMB(t *testing.T, pid int) float64 { t.Helper(); return procMB(t, pid, "VmRSS:") }

// procMB is a memory figure (VmRSS:, VmHWM:) of /proc/PID/status, in MB.
func procMB(t *testing.T, pid int, field string) float64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	t.Fatal("no " + field)
	return 0
}

// healthProbe is one health check on a new connection, as a container's is.
func healthProbe(base string) error {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(base + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// With 1,024 descriptors, 1,100 connections that send headers and then
// stall in their bodies do not stop health probes being answered.
func TestSlowBodyFloodLeavesProbesAnswering(t *testing.T) {
	bin := mockdexBinary(t)
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set ulimit -n with")
	}
	m := startBinary(t, "sh", "-c", fmt.Sprintf(`ulimit -n 1024 || exit %d; exec "$0" "$@"`, noUlimit), bin, "--addr", "127.0.0.1:0", "--history-days", "0")
	t0 := time.Now()
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 1100 {
		c, err := net.DialTimeout("tcp", m.addr, time.Second)
		if err != nil {
			continue // refused: that is the point
		}
		conns = append(conns, c)
		fmt.Fprint(c, "POST /api/9/visits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	}
	t.Logf("%d connections open after %s", len(conns), time.Since(t0))
	var failed []string
	for i := range 14 {
		if err := healthProbe(m.base); err != nil {
			failed = append(failed, fmt.Sprintf("probe %d: %v", i, err))
		}
		time.Sleep(100 * time.Millisecond)
	}
	assert.Empty(t, failed, "health probes during the flood")
	assert.NotContains(t, m.stderr.String(), "too many open files")
}

// 1,000 requests with a 1 MB header, and 1,000 with a 60 KB one, leave
// the process small and the journal small to read.
func TestHugeHeadersLeaveMemoryBounded(t *testing.T) {
	bin := mockdexBinary(t)
	m := startBinary(t, bin, "--addr", "127.0.0.1:0", "--history-days", "0")
	before := rssMB(t, m.cmd.Process.Pid)
	flood := func(size, n int) map[int]int {
		var mu sync.Mutex
		statuses := map[int]int{}
		var wg sync.WaitGroup
		work := make(chan struct{}, n)
		for range n {
			work <- struct{}{}
		}
		close(work)
		value := strings.Repeat("h", size)
		for range 50 { // net/http lingers 0.5 s before closing on a refused upload
			wg.Go(func() {
				client := &http.Client{Timeout: 10 * time.Second}
				for range work {
					req, _ := http.NewRequest("GET", m.base+"/api/9/modalities", nil)
					req.Header.Set("X-Big", value)
					resp, err := client.Do(req)
					status := 0
					if err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						status = resp.StatusCode
					}
					mu.Lock()
					statuses[status]++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return statuses
	}
	// net/http answers 431 after 64 KiB and closes; a client still
	// sending the rest may see its connection reset before it reads the
	// answer (status 0 here). Either way the mock kept none of it.
	huge := flood(1<<20, 1000)
	assert.Equal(t, 1000, huge[431]+huge[0], "%v", huge)
	assert.Greater(t, huge[431], 0)
	assert.Equal(t, map[int]int{200: 1000}, flood(60<<10, 1000))
	after := rssMB(t, m.cmd.Process.Pid)

	resp, err := http.Get(m.base + "/_mockdex/requests")
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	read := rssMB(t, m.cmd.Process.Pid)
	t.Logf("RSS %.1f MB at start, %.1f MB after the floods, %.1f MB after reading the journal (%d bytes)", before, after, read, n)
	assert.Less(t, after, 100.0)
	assert.Less(t, read, 100.0)
	assert.Less(t, n, int64(50<<20))
}

// SIGTERM with an upload stalled mid-body ends the process at once, with
// status 0, and the stalled client gets an answer.
func TestSigtermWithStalledUploadExitsZeroQuickly(t *testing.T) {
	bin := mockdexBinary(t)
	m := startBinary(t, bin, "--addr", "127.0.0.1:0", "--history-days", "0")
	c, err := net.Dial("tcp", m.addr)
	require.NoError(t, err)
	defer c.Close()
	fmt.Fprint(c, "POST /api/9/visits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"patient\":")
	time.Sleep(300 * time.Millisecond) // the handler is reading the body

	start := time.Now()
	require.NoError(t, m.cmd.Process.Signal(syscall.SIGTERM))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case err := <-m.done:
		m.done <- err
		assert.NoError(t, err, "exit status 0")
	case <-ctx.Done():
		t.Fatal("mockdex did not exit within 10 s of SIGTERM")
	}
	took := time.Since(start)
	t.Logf("exited %s after SIGTERM", took)
	assert.Less(t, took, 2*time.Second)
	_ = c.SetReadDeadline(time.Now().Add(time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
