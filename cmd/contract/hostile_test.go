package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/hostile"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
)

// childEnv makes the test binary the contract command (TestMain), so a
// test can run it in a process of its own and read its peak memory;
// peakEnv names the file the child writes its peak resident memory to.
const (
	childEnv = "MOCKDEX_CONTRACT_CHILD"
	peakEnv  = "MOCKDEX_CONTRACT_CHILD_PEAK"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		// The waits between retries (Retry-After: 30, three times) are
		// the one wait a run makes on purpose: not worth a minute here.
		noWait := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
		code := deps{sleep: noWait}.run(append([]string{"contract"}, os.Args[1:]...), os.Stdout, os.Stderr)
		if path := os.Getenv(peakEnv); path != "" {
			_ = os.WriteFile(path, []byte(strconv.FormatInt(peakRSS(), 10)), 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// peakRSS is this process's peak resident memory (VmHWM), in bytes. It
// is read in the process itself: the rusage a parent gets counts the
// parent's own memory at the fork, which os/exec's vfork shares.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return -1
}

// memoryBound is the most a run may hold against a hostile tier. The
// race detector multiplies a program's memory several times over, so
// under -race the bound is not the shipped binary's and is not checked.
const memoryBound = 256 << 20

// child runs the command in a process of its own and returns its exit
// code, output and peak resident memory (-1 where it cannot be read).
func child(t *testing.T, args ...string) (code int, stdout, stderr string, peak int64) {
	t.Helper()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1", peakEnv+"="+peakFile)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("the command did not run: %v", err)
	}
	peak = -1
	if b, err := os.ReadFile(peakFile); err == nil {
		peak, _ = strconv.ParseInt(string(b), 10, 64)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String(), peak
}

// checkPeak holds a child's peak memory to memoryBound.
func checkPeak(t *testing.T, what string, peak int64) {
	t.Helper()
	switch {
	case raceEnabled:
		t.Logf("%s: peak %d MB under the race detector (not held to %d MB)", what, peak>>20, memoryBound>>20)
	case peak < 0:
		t.Errorf("%s: the peak memory could not be read", what)
	case peak > memoryBound:
		t.Errorf("%s held %d MB at its peak, over %d MB", what, peak>>20, memoryBound>>20)
	}
}

// TestHostileTier runs the nightly command against a tier having a bad
// night, one case at a time, each in a process of its own: the run ends
// within its deadline with the case's finding and exit 1 (3 for a tier
// nothing reaches), never 0 and never a panic; no credential or body
// reaches the redirect targets or the tier's /_mockdex/ (the admin token
// is in the environment); and the process never holds more than 256 MB,
// whatever the tier sends.
func TestHostileTier(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command once per case, in a process of its own")
	}
	setTierCredentials(t)
	t.Setenv("MOCKDEX_ADMIN_TOKEN", "admin-token-of-some-mockdex")
	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			mock, err := inproc.NewScaled(inproc.DefaultSeed, time.Now().UTC().Truncate(time.Second), driftClock)
			if err != nil {
				t.Fatal(err)
			}
			tier, err := hostile.Start(mock.Server, c)
			if err != nil {
				t.Fatal(err)
			}
			defer tier.Close()
			// A stall costs the request timeout; anything else must not
			// meet it, on a busy machine either (tens of megabytes read
			// before the cap, a TLS handshake under -race).
			timeout := "20s"
			if c.Rule == contract.RuleStalledBeforeAnswer || c.Rule == contract.RuleStalledInBody {
				timeout = "1s"
			}
			report := filepath.Join(t.TempDir(), "r.json")
			args := append([]string{"run", "--target", tier.URL, "--run", c.Scenarios, "--rps", "0", "--timeout", "1m",
				"--request-timeout", timeout, "--report", "json=" + report}, c.Args...)
			if c.Writes {
				args = append(args, "--allow-writes")
			}
			began := time.Now()
			code, stdout, stderr, peak := child(t, args...)
			took := time.Since(began)
			t.Logf("exit %d in %v, peak %d MB", code, took.Round(time.Millisecond), peak>>20)
			if strings.Contains(stderr, "panic") || stdout != "" {
				t.Errorf("stdout %q, stderr:\n%s", stdout, stderr)
			}
			if took > 75*time.Second {
				t.Errorf("the run took %v, past its one-minute deadline", took)
			}
			checkPeak(t, "the run", peak)
			for _, s := range tier.Strays() {
				t.Errorf("stray: %s", s)
			}
			if c.Unreachable {
				if code != exitUnreachable || !strings.Contains(stderr, "TLS") {
					t.Errorf("exit %d, want %d naming the TLS failure; stderr:\n%s", code, exitUnreachable, stderr)
				}
				return
			}
			if code != exitDrift {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitDrift, stderr)
			}
			r := jsonReport(t, string(readAll(t, report)))
			if !hasFinding(r, c.Rule, "") {
				t.Errorf("not reported as %s; findings %s", c.Rule, summarize(r.Findings))
			}
			if c.Name == "rate-limited" && !hasRetries(r, "429") {
				t.Errorf("the retries are not reported with their reason: %+v %s", r.Retries, summarize(r.Findings))
			}
			if c.Oversized {
				mirrorOversized(t, tier, timeout, c.Args)
			}
		})
	}
}

// mirrorOversized: a mirror reading the oversized answer ends with exit
// 1 (an answer it cannot read), naming the bound, within 256 MB.
func mirrorOversized(t *testing.T, tier *hostile.Tier, timeout string, extra []string) {
	t.Helper()
	args := append([]string{"mirror", "--target", tier.URL, "--npi", "1629394572", "--out", t.TempDir(), "--rps", "0",
		"--request-timeout", timeout}, extra...)
	code, _, stderr, peak := child(t, args...)
	if code != exitDrift || !strings.Contains(stderr, "over ") {
		t.Errorf("mirror: exit %d, want %d naming the bound\n%s", code, exitDrift, stderr)
	}
	checkPeak(t, "mirror", peak)
	t.Logf("mirror: exit %d, peak %d MB: %s", code, peak>>20, lastLine(stderr))
}

// hasRetries says the report counts retries for status.
func hasRetries(r contract.Report, status string) bool {
	for _, x := range r.Retries {
		if x.ByStatus[status] > 0 {
			return hasFinding(r, contract.RuleRetried, "")
		}
	}
	return false
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
