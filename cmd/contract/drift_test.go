package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// driftClock runs the simulated tier's mock twenty times faster than the
// wall clock, so its report jobs finish while the runner sleeps its first
// poll interval, as a real tier's would, only sooner.
const driftClock = 20

// driftTier starts a mock behind the drift simulator and returns the
// run flags that point at its three hosts and the deps that reach them
// in process: no socket, so a run can go inside a synctest bubble, where
// its polls, retries and deadlines run on a fake clock that moves as
// soon as every goroutine waits.
func driftTier(t *testing.T, m drift.Mutation) (deps, []string) {
	return driftTierAt(t, m, driftClock)
}

// driftTierAt is driftTier with the tier's clock scale times the run's.
func driftTierAt(t *testing.T, m drift.Mutation, scale float64) (deps, []string) {
	t.Helper()
	mock, err := inproc.NewScaled(inproc.DefaultSeed, time.Now().UTC().Truncate(time.Second), scale)
	if err != nil {
		t.Fatal(err)
	}
	sim := drift.New(mock.Server, m)
	hosts := hostRouter{}
	var args []string
	for _, h := range []scenarios.Host{scenarios.API, scenarios.ECVAPI, scenarios.Reporting} {
		hosts[string(h)+".drift.test"] = sim.Handler(h)
		args = append(args, "--"+string(h), "http://"+string(h)+".drift.test")
	}
	return deps{transport: hosts}, args
}

// hostRouter serves each host name's requests in process.
type hostRouter map[string]http.Handler

func (h hostRouter) RoundTrip(r *http.Request) (*http.Response, error) {
	handler, ok := h[r.URL.Host]
	if !ok {
		return nil, fmt.Errorf("no host %s", r.URL.Host)
	}
	if r.Body == nil {
		r.Body = http.NoBody // as a server's request always has one
	}
	return inproc.Transport{Handler: handler}.RoundTrip(r)
}

// warmUp builds, outside any bubble, what a process builds once and
// keeps (the judge, the spec's routes, a mock's compiled spec): made
// inside one bubble, it could not be used from another.
func warmUp(t *testing.T) {
	t.Helper()
	if _, err := loadJudge("", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run([]string{"contract", "run", "--target", "mock", "--run", "^pages$"}, &out, &out); code != exitOK {
		t.Fatalf("warm-up run: exit %d\n%s", code, out.String())
	}
}

// threeHosts serves a drifted tier as DexCare's three hosts, one server
// each, and returns the flags that point a command at them.
func threeHosts(t *testing.T, sim *drift.Sim) []string {
	t.Helper()
	var args []string
	for _, h := range []scenarios.Host{scenarios.API, scenarios.ECVAPI, scenarios.Reporting} {
		hs := httptest.NewServer(sim.Handler(h))
		t.Cleanup(hs.Close)
		args = append(args, "--"+string(h), hs.URL)
	}
	return args
}

// setTierCredentials puts the mock's credentials where a nightly job has
// DexCare's: in the DEXCARE_* environment.
func setTierCredentials(t *testing.T) {
	t.Helper()
	t.Setenv(scenarios.EnvServiceKey, auth.DefaultServiceKey)
	t.Setenv(scenarios.EnvAPIKey, auth.DefaultAPIKey)
	d := scenarios.Defaults()
	for name, env := range scenarios.TokenEnv {
		tok, err := auth.Mint(auth.DefaultJWTSecret, d[name], time.Now(), 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv(env, tok)
	}
}

// TestDriftIsCaught runs the nightly command against a drifted tier, one
// mutation at a time: each is caught under its rule with exit 1, within
// the run's deadline; pass-through (every scenario) finds nothing and
// exits 0. A mutation runs only the scenarios that meet it. Each run is
// in a synctest bubble: the stuck job's two-minute poll deadline and the
// slow endpoint's three seconds pass on its fake clock, in no wall time.
func TestDriftIsCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("the drift table takes about a minute")
	}
	setTierCredentials(t)
	warmUp(t)
	rows := append([]drift.Mutation{drift.PassThrough()}, drift.Mutations()...)
	for _, m := range rows {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) { driftIsCaught(t, m) })
		})
	}
}

func driftIsCaught(t *testing.T, m drift.Mutation) {
	d, hosts := driftTier(t, m)
	dir := t.TempDir()
	args := append(hosts, "--allow-writes", "--rps", "0", "--timeout", "1m", "--run", m.Scenarios,
		"--report", "json="+filepath.Join(dir, "r.json"), "--report", "junit="+filepath.Join(dir, "r.xml"),
		"--report", "markdown="+filepath.Join(dir, "r.md"))
	var out, errb bytes.Buffer
	start := time.Now()
	code := d.run(append([]string{"contract", "run"}, args...), &out, &errb)
	took := time.Since(start)
	r := jsonReport(t, string(readAll(t, filepath.Join(dir, "r.json"))))
	if took > 75*time.Second {
		t.Errorf("the run took %v, past its one-minute deadline", took)
	}
	if out.Len() != 0 {
		t.Errorf("stdout holds more than the reports: %q", out.String())
	}
	if m.Rule == "" {
		if code != exitOK || len(r.Findings) != 0 {
			t.Errorf("pass-through: exit %d, findings %s", code, summarize(r.Findings))
		}
		checkReportFiles(t, dir)
		return
	}
	if code != exitDrift {
		t.Errorf("exit %d, want %d; stderr %s", code, exitDrift, errb.String())
	}
	if !hasFinding(r, m.Rule, "") {
		t.Errorf("%s (%s) not reported as %s; findings %s", m.Name, m.What, m.Rule, summarize(r.Findings))
	}
	t.Logf("%d findings in %v:%s", len(r.Findings), took.Round(time.Second), summarize(r.Findings))
	if m.Name == "job-stuck" {
		checkStuck(t, r)
	}
	if m.Kind == drift.Format && len(r.Findings) != 1 {
		// One field changed its form: one finding, whichever listings and
		// oneOf branches the field shows in.
		t.Errorf("%s: %d findings for one changed field", m.Name, len(r.Findings))
	}
}

func summarize(fs []contract.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Severity.String() + " " + f.Rule + " " + f.Scenario + " › " + f.Step + " " + f.Pointer + ": " + f.Message + " (expected " + f.Expected + ", seen " + f.Seen + ")")
	}
	return b.String()
}

func checkStuck(t *testing.T, r contract.Report) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Rule == scenarios.RuleJobStuck && (f.Seen != "RUNNING" || !strings.Contains(f.Message, "after")) {
			t.Errorf("job-stuck must name the last status and how long it was watched: %+v", f)
		}
	}
}

// checkReportFiles: one run wrote JUnit, Markdown and JSON.
func checkReportFiles(t *testing.T, dir string) {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
	}
	if err := xml.Unmarshal(readAll(t, filepath.Join(dir, "r.xml")), &doc); err != nil {
		t.Errorf("junit: %v", err)
	}
	if md := string(readAll(t, filepath.Join(dir, "r.md"))); !strings.HasPrefix(md, "### contract OK") {
		t.Errorf("markdown starts %q", firstLine(md))
	}
	var v map[string]any
	if err := json.Unmarshal(readAll(t, filepath.Join(dir, "r.json")), &v); err != nil {
		t.Errorf("json: %v", err)
	}
}

// TestStuckReportsCostOneDeadline: a tier whose report jobs never end
// still has every other scenario run and judged the same night, within
// the default run deadline: the three AVR polls wait out their deadline
// side by side (the slowest, not the sum), at the default rate limit.
// Run one scenario at a time, the same night is cut short, the cut
// listed as such: the concurrency is what saves it.
func TestStuckReportsCostOneDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("two full runs")
	}
	setTierCredentials(t)
	warmUp(t)
	stuck, _ := drift.Lookup("job-stuck")
	avr := map[string]bool{"avr-virtual": true, "avr-retail": true, "avr-provider-booking": true}
	synctest.Test(t, func(t *testing.T) {
		r, code, took := stuckNight(t, stuck)
		if code != exitDrift || hasFinding(r, contract.RuleRunDeadline, "") || took > defaultRunTimeout {
			t.Errorf("exit %d in %v, findings %s", code, took, summarize(r.Findings))
		}
		stuckAt := map[string]bool{}
		for _, f := range r.Findings {
			if f.Rule == scenarios.RuleJobStuck {
				stuckAt[f.Scenario] = true
				for _, e := range f.Elsewhere {
					stuckAt[strings.Split(e, " › ")[0]] = true
				}
			}
		}
		for _, sc := range r.Scenarios {
			switch {
			case avr[sc.Name] && !stuckAt[sc.Name]:
				t.Errorf("%s: its stuck job is not reported", sc.Name)
			case !avr[sc.Name] && sc.Status == contract.StatusFailed:
				t.Errorf("%s failed: %s", sc.Name, sc.Reason)
			case !avr[sc.Name] && sc.Status == contract.StatusSkipped && !strings.Contains(sc.Reason, "mockdex"):
				t.Errorf("%s was not run: %s", sc.Name, sc.Reason)
			}
		}
	})
	synctest.Test(t, func(t *testing.T) {
		r, code, _ := stuckNight(t, stuck, "--parallel", "1")
		if code != exitDrift || !hasFinding(r, contract.RuleRunDeadline, "") {
			t.Errorf("one at a time: exit %d, findings %s", code, summarize(r.Findings))
		}
		for _, f := range r.Findings {
			if f.Rule == contract.RuleRunDeadline && !strings.Contains(f.Message, "(not started)") {
				t.Errorf("what the deadline cut short is not listed: %s", f.Message)
			}
		}
	})
}

// stuckNight is the nightly command, at its default deadlines and rate,
// against a tier whose report jobs never end (its clock at the run's
// pace: a job started is not done by the next request, as on a real tier).
func stuckNight(t *testing.T, m drift.Mutation, extra ...string) (contract.Report, int, time.Duration) {
	d, hosts := driftTierAt(t, m, 1)
	report := filepath.Join(t.TempDir(), "r.json")
	args := append(append([]string{"contract", "run", "--allow-writes", "--report", "json=" + report}, hosts...), extra...)
	var out, errb bytes.Buffer
	start := time.Now()
	code := d.run(args, &out, &errb)
	return jsonReport(t, string(readAll(t, report))), code, time.Since(start)
}
