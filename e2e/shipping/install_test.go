package shipping

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// Both commands install with `go install` into an empty GOBIN and run
// from a directory that is not the checkout: the spec, fixtures and page
// templates are embedded, nothing is read relative to the repository.
// (Users install a release, `go install github.com/mockdex/mockdex/cmd/
// contract@vX.Y.Z`; this installs the checkout the same way, module mode,
// reusing the module cache, nothing fetched but through the Go proxy. It
// compiles in the end-to-end tests' one flavour, e2e/binaries', which
// changes no file the binaries embed and compiles no dependency again.)
func TestGoInstallRunsAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both commands")
	}
	t.Parallel() // builds or waits: overlap it with the others
	gobin := t.TempDir()
	install := exec.Command("go", "install", "./cmd/mockdex", "./cmd/contract")
	install.Dir = repoRoot(t)
	install.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-mod=mod "+strings.Join(binaries.Flags, " "), "GOWORK=off", "GOTOOLCHAIN=local")
	install.Env = append(install.Env, binaries.Env...)
	var out []byte
	var err error
	binaries.Locked(t, func() { out, err = install.CombinedOutput() })
	if err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(gobin)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "contract mockdex" {
		t.Fatalf("GOBIN holds %v, want contract and mockdex", names)
	}

	elsewhere := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(gobin, name), args...)
		cmd.Dir = elsewhere
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), elsewhere, err, out)
		}
		return string(out)
	}
	if out := run("mockdex", "version"); !strings.HasPrefix(out, "mockdex ") || !strings.Contains(out, "(commit ") {
		t.Errorf("mockdex version: %q", out)
	}
	if tok := strings.TrimSpace(run("mockdex", "token", "--patient", "233441f4-129f-4d0e-afaa-b3009dbe80c7")); strings.Count(tok, ".") != 2 {
		t.Errorf("mockdex token: %q is not a JWT", tok)
	}
	if out := run("contract", "list"); !strings.Contains(out, "avr-virtual") || !strings.Contains(out, "status-changed") {
		t.Errorf("contract list:\n%s", out)
	}
	// The in-process mock needs the embedded spec and fixtures.
	if out := run("contract", "run", "--target", "mock", "--run", "practice-regions"); !strings.Contains(out, "practice-regions") {
		t.Errorf("contract run --target mock:\n%s", out)
	}
}

// cleanEnv is the process environment without mockdex's and DexCare's
// settings, so a command runs on its defaults.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MOCKDEX_") && !strings.HasPrefix(kv, "DEXCARE_") {
			env = append(env, kv)
		}
	}
	return env
}
