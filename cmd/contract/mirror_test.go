package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// A tier to mirror: a mockdex on a fixture set with a seed other than the
// default, its clock stopped at the recording instant, and the config
// file a team would write for it.
type mirroredTier struct {
	name     string
	fixtures string // "" : the default world
	seed     int64
	at       time.Time
	config   string
	vars     map[string]string // the contract runner's identities in this tier
}

var mirroredTiers = []mirroredTier{
	{"default world", "", 7, time.Date(2024, 6, 5, 18, 20, 0, 0, time.UTC), `{
	  "practices": [{"id": "6996d161-cd16-4556-9577-f942c3f80c80", "brand": "providence"}, {"id": "0cee700e-f4c1-4459-b390-263e4ded436c", "brand": "Acme"}],
	  "departments": ["123446001", "301546001", "405772000", {"id": "900100004", "urlName": "AcmeC4", "brand": "Acme"}, {"id": "900100007", "urlName": "AcmeC7", "brand": "Acme"}],
	  "npis": ["1629394572"],
	  "brands": [{"name": "providence", "displayName": "Providence"}, {"name": "Acme", "displayName": "Acme Health"}]}`, nil},
	{"other tier", "../../internal/mirror/testdata/othertier", 42, time.Date(2024, 11, 1, 15, 30, 0, 0, time.UTC), `{
	  "practices": [{"id": "c1a5cade-0000-4a00-8000-000000000001", "brand": "cascade"}, "c1a5cade-0000-4a00-8000-000000000002"],
	  "departments": [{"id": "5501", "urlName": "CascadeMidtown"}, "5502", {"id": "9300", "brand": "lakes"}, {"id": "9301", "brand": "lakes"}],
	  "npis": ["1700000001"],
	  "brands": [{"name": "cascade", "displayName": "Cascade Health"}, {"name": "lakes", "displayName": "Lakeshore Express"}]}`,
		map[string]string{"practiceId": "c1a5cade-0000-4a00-8000-000000000001", "regionCode": "NY", "npi": "1700000001", "brand": "cascade", "postalCode": "10036"}},
}

// mock starts the tier in process.
func (c mirroredTier) mock(t *testing.T) *inproc.Mock {
	t.Helper()
	o := inproc.Options{Seed: c.seed, Start: c.at}
	if c.fixtures != "" {
		o.Fixtures = os.DirFS(c.fixtures)
	}
	m, err := inproc.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// serve starts the tier as a running mockdex answers (control plane
// included: the runner moves its manual clock while it polls).
func (c mirroredTier) serve(t *testing.T) *httptest.Server {
	t.Helper()
	hs := httptest.NewServer(c.mock(t).Handler)
	t.Cleanup(hs.Close)
	return hs
}

func (c mirroredTier) configFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mirror.json")
	if err := os.WriteFile(path, []byte(c.config), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func contractCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(append([]string{"contract"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestMirroredWorldPassesTheReadOnlyContract: `contract mirror` records a
// tier, and `contract run --fixtures` against that same tier, comparing
// it with mocks of the mirrored world, finds nothing in the read-only
// scenarios; compared with mockdex's default world it does (the tier's
// practice is unknown there), so the zero means something.
func TestMirroredWorldPassesTheReadOnlyContract(t *testing.T) {
	for _, c := range mirroredTiers {
		t.Run(c.name, func(t *testing.T) {
			for name, env := range scenarios.VarEnv {
				t.Setenv(env, c.vars[name])
			}
			tier := c.serve(t)
			dir := filepath.Join(t.TempDir(), "world")
			code, stdout, stderr := contractCmd("mirror", "--target", tier.URL, "--config", c.configFile(t), "--out", dir, "--rps", "0")
			if code != exitOK || stdout != "" {
				t.Fatalf("mirror: exit %d, stdout %q\n%s", code, stdout, stderr)
			}
			report := filepath.Join(t.TempDir(), "r.json")
			code, _, stderr = contractCmd("run", "--target", tier.URL, "--fixtures", dir, "--tags", "read-only", "--rps", "0",
				"--report", "json="+report)
			r := jsonReport(t, string(readAll(t, report)))
			if code != exitOK || len(r.Findings) != 0 || r.Summary.Passed == 0 {
				t.Errorf("against the mirrored world: exit %d, %d passed, findings %s\n%s", code, r.Summary.Passed, summarize(r.Findings), stderr)
			}
			if c.vars == nil {
				return // the default world's ids exist in the default world
			}
			code, _, _ = contractCmd("run", "--target", tier.URL, "--tags", "read-only", "--rps", "0", "--report", "json="+report)
			if r := jsonReport(t, string(readAll(t, report))); code == exitOK || len(r.Findings) == 0 {
				t.Errorf("against the default world the tier passes too (exit %d): the comparison shows nothing", code)
			}
		})
	}
}

// TestMirrorCommand: the diff and dry run, the report file, and the exit
// codes of a bad command line, a missing key, a refused key and a tier
// that does not answer.
func TestMirrorCommand(t *testing.T) {
	c := mirroredTiers[1]
	tier := c.serve(t)
	cfg := c.configFile(t)
	dir := filepath.Join(t.TempDir(), "world")
	reportFile := filepath.Join(t.TempDir(), "mirror.md")
	code, stdout, stderr := contractCmd("mirror", "--target", tier.URL, "--config", cfg, "--out", dir, "--rps", "0", "--diff", "--report", reportFile)
	if code != exitOK || !strings.Contains(stdout, "practices.json\n  + (file): (new file)") {
		t.Fatalf("first mirror: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, section := range []string{"## Guessed", "## Not seen", "## Defaults", "DEXCARE_PRACTICE_ID=c1a5cade-0000-4a00-8000-000000000001",
		"DEXCARE_NPI=1700000001", "DEXCARE_POSTAL_CODE="} {
		if !strings.Contains(stderr, section) || !strings.Contains(string(readAll(t, reportFile)), section) {
			t.Errorf("the report (stderr and --report) lacks %q", section)
		}
	}
	code, stdout, _ = contractCmd("mirror", "--target", tier.URL, "--config", cfg, "--out", dir, "--rps", "0", "--diff")
	if code != exitOK || stdout != "no changes\n" {
		t.Errorf("the same tier again: exit %d, %q", code, stdout)
	}
	fresh := filepath.Join(t.TempDir(), "dry")
	code, stdout, _ = contractCmd("mirror", "--target", tier.URL, "--config", cfg, "--out", fresh, "--rps", "0", "--diff", "--dry-run")
	if _, err := os.Stat(fresh); code != exitOK || err == nil || !strings.Contains(stdout, "7 changes in 7 files") {
		t.Errorf("--dry-run: exit %d, wrote %v, stdout %q", code, err == nil, stdout)
	}

	for _, bad := range [][]string{
		{"mirror", "--target", tier.URL, "--config", cfg},                              // no --out
		{"mirror", "--out", dir, "--config", cfg},                                      // no tier
		{"mirror", "--target", tier.URL, "--out", dir},                                 // nothing to mirror
		{"mirror", "--target", tier.URL, "--out", dir, "--config", cfg, "--days", "0"}, // a window of no days
		{"mirror", "--target", tier.URL, "--out", dir, "--npi", "1", "--brand", "=x"},  // a brand without a name
	} {
		if code, _, _ := contractCmd(bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}

	// A DexCare tier (the drift simulator hides the control plane) needs
	// DEXCARE_API_KEY, and refuses a wrong one.
	hosts := threeHosts(t, drift.New(c.mock(t).Server, drift.PassThrough()))
	args := append([]string{"mirror", "--config", cfg, "--out", t.TempDir(), "--rps", "0"}, hosts...)
	t.Setenv(scenarios.EnvAPIKey, "")
	if code, _, stderr := contractCmd(args...); code != exitUsage || !strings.Contains(stderr, "DEXCARE_API_KEY") {
		t.Errorf("no key: exit %d, %s", code, stderr)
	}
	t.Setenv(scenarios.EnvAPIKey, "not-the-key")
	if code, _, stderr := contractCmd(args...); code != exitUnreachable {
		t.Errorf("a refused key: exit %d, %s", code, stderr)
	}
	t.Setenv(scenarios.EnvAPIKey, auth.DefaultAPIKey)
	if code, _, stderr := contractCmd(args...); code != exitOK {
		t.Errorf("through three hosts: exit %d, %s", code, stderr)
	}
	gone := httptest.NewServer(nil)
	gone.Close()
	if code, _, _ := contractCmd("mirror", "--target", gone.URL, "--config", cfg, "--out", t.TempDir()); code != exitUnreachable {
		t.Errorf("no tier: exit %d, want %d", code, exitUnreachable)
	}
}
