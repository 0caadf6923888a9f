package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/server"
)

// driftClock runs the simulated tier's mock twenty times faster than the
// wall clock, so its report jobs finish while the runner sleeps its first
// poll interval, as a real tier's would, only sooner.
const driftClock = 20

// driftTier starts a mock behind the drift simulator, one server per
// DexCare host, and returns the run flags that point at them.
func driftTier(t *testing.T, m drift.Mutation) []string {
	t.Helper()
	mock, err := inproc.NewScaled(inproc.DefaultSeed, time.Now().UTC().Truncate(time.Second), driftClock)
	if err != nil {
		t.Fatal(err)
	}
	return threeHosts(t, drift.New(mock.Server, m))
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
	t.Setenv(scenarios.EnvServiceKey, server.DefaultServiceKey)
	t.Setenv(scenarios.EnvAPIKey, server.DefaultAPIKey)
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
// exits 0. A mutation runs only the scenarios that meet it, which keeps
// the table at about a minute and a half, most of it the stuck job.
func TestDriftIsCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("the drift table takes about a minute")
	}
	setTierCredentials(t)
	rows := append([]drift.Mutation{drift.PassThrough()}, drift.Mutations()...)
	for _, m := range rows {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := append(driftTier(t, m), "--allow-writes", "--rps", "0", "--timeout", "1m", "--run", m.Scenarios,
				"--report", "json="+filepath.Join(dir, "r.json"), "--report", "junit="+filepath.Join(dir, "r.xml"),
				"--report", "markdown="+filepath.Join(dir, "r.md"))
			var out, errb bytes.Buffer
			start := time.Now()
			code := run(append([]string{"contract", "run"}, args...), &out, &errb)
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
		})
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
