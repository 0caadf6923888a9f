package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The linters, pinned: a new release may add rules, and a rule that
// appears must be met (or turned off with its reason in redocly.yaml or
// .spectral.yaml) on purpose, not by surprise in someone's CI.
const (
	redoclyCLI  = "@redocly/cli@2.77.0"
	spectralCLI = "@stoplight/spectral-cli@6.16.3"
	// Redocly CLI 2.77 needs Node 20.19 or later (Spectral 20.17).
	nodeMajor, nodeMinor = 20, 19
)

// TestSpecPassesRedoclyAndSpectral lints dexcare.yaml with Redocly's
// recommended rules and Spectral's spectral:oas: no error and no warning
// (each is fixed in the spec, or its rule turned off with a reason).
// Both CLIs come from npm, installed once into the user's cache.
func TestSpecPassesRedoclyAndSpectral(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs two npm linters")
	}
	bin := lintTools(t)
	t.Run("redocly", func(t *testing.T) {
		out := runLinter(t, filepath.Join(bin, "redocly"), "lint", "dexcare.yaml", "--config", "redocly.yaml", "--format", "json")
		var report struct {
			Totals   struct{ Errors, Warnings int }
			Problems []struct {
				RuleID, Severity, Message string
				Location                  []struct{ Pointer string }
			}
		}
		if err := json.Unmarshal(jsonPart(out), &report); err != nil {
			t.Fatalf("redocly's report: %v\n%s", err, out)
		}
		for _, p := range report.Problems {
			at := ""
			if len(p.Location) > 0 {
				at = p.Location[0].Pointer
			}
			t.Errorf("%s %s at %s: %s", p.Severity, p.RuleID, at, p.Message)
		}
		if report.Totals.Errors+report.Totals.Warnings != len(report.Problems) {
			t.Errorf("totals %+v for %d problems listed", report.Totals, len(report.Problems))
		}
	})
	t.Run("spectral", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "spectral.json")
		runLinter(t, filepath.Join(bin, "spectral"), "lint", "dexcare.yaml", "--ruleset", ".spectral.yaml", "--format", "json", "--output", file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var results []struct {
			Code     string
			Message  string
			Severity int // 0 error, 1 warning, 2 info, 3 hint
			Path     []any
		}
		if err := json.Unmarshal(b, &results); err != nil {
			t.Fatalf("spectral's report: %v\n%s", err, b)
		}
		for _, r := range results {
			if r.Severity <= 1 {
				t.Errorf("%s at %v: %s", r.Code, r.Path, r.Message)
			}
		}
	})
}

// runLinter runs a linter on the spec (it exits non-zero on findings,
// which the caller reads from the report) and returns its stdout.
func runLinter(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil || (err != nil && stdout.Len() == 0) {
		t.Fatalf("%s: %v\n%s", filepath.Base(bin), err, stderr.String())
	}
	return stdout.Bytes()
}

// jsonPart drops anything a CLI prints before its JSON (Redocly's notices).
func jsonPart(b []byte) []byte {
	if i := bytes.IndexByte(b, '{'); i > 0 {
		return b[i:]
	}
	return b
}

// lintTools is the bin directory of both CLIs, installed with npm into
// the user's cache on first use (one directory per pinned pair, filled
// in a temporary directory and renamed into place, so a run that stops
// halfway or runs beside another leaves no half install). It skips the
// test, saying why, without npm or a recent enough Node.
func lintTools(t *testing.T) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: the spec is not linted with Redocly and Spectral")
	}
	if v, ok := nodeVersion(); !ok {
		t.Skipf("Node %s is older than %d.%d, which %s needs: the spec is not linted", v, nodeMajor, nodeMinor, redoclyCLI)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "mockdex", "speclint", strings.Trim(regexp.MustCompile(`[^a-z0-9.]+`).ReplaceAllString(redoclyCLI+"_"+spectralCLI, "-"), "-"))
	bin := filepath.Join(dir, "node_modules", ".bin")
	if _, err := os.Stat(filepath.Join(bin, "spectral")); err == nil {
		return bin
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".install-*")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// --ignore-scripts: neither CLI needs an install script, and one of
	// their dependencies' would report the install to a third party.
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", tmp, "--no-save", "--no-audit", "--no-fund",
		"--ignore-scripts", "--loglevel", "error", redoclyCLI, spectralCLI)
	cmd.Env = append(os.Environ(), "npm_config_update_notifier=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s %s: %v\n%s", redoclyCLI, spectralCLI, err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(bin, "spectral")); serr != nil {
			t.Fatalf("keeping the linters in %s: %v", dir, err)
		} // another run put them there first
	}
	return bin
}

// nodeVersion is `node --version`, and whether it is recent enough.
func nodeVersion() (string, bool) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return "(none)", false
	}
	v := string(bytes.TrimSpace(out))
	var major, minor int
	if _, err := fmt.Sscanf(v, "v%d.%d", &major, &minor); err != nil {
		return v, false
	}
	return v, major > nodeMajor || major == nodeMajor && minor >= nodeMinor
}
