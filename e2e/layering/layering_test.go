// Package layering holds the tests that keep the package graph pointing
// the way DESIGN.md says it must.
package layering

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/mockdex/mockdex/"

// forbidden maps a package to imports it must never reach, directly or not.
var forbidden = map[string][]string{
	"github.com/mockdex/mockdex/internal/fakes":     {"net/http", "github.com/mockdex/mockdex/internal/server"},
	"github.com/mockdex/mockdex/internal/store":     {"net/http", "github.com/mockdex/mockdex/internal/server"},
	"github.com/mockdex/mockdex/internal/scenarios": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	"github.com/mockdex/mockdex/internal/server":    {"github.com/mockdex/mockdex/internal/contract", "github.com/mockdex/mockdex/internal/control"},
	// The fault rules are plain data: the HTTP layer applies them and the
	// control plane edits them.
	"github.com/mockdex/mockdex/internal/faults": {"github.com/mockdex/mockdex/"},
	// The runner speaks HTTP; only its inproc sub-package runs the mock.
	"github.com/mockdex/mockdex/internal/contract": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	"github.com/mockdex/mockdex/internal/loadgen":  {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	"github.com/mockdex/mockdex/spec":              {"github.com/mockdex/mockdex/internal/"},

	// The drifted tier stands in front of any http.Handler, never the mock.
	"github.com/mockdex/mockdex/e2e/drift": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	// The journal records requests for whoever reads it; of ours it needs
	// only the list of fields to redact.
	"github.com/mockdex/mockdex/internal/journal": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes",
		"github.com/mockdex/mockdex/internal/clock", "github.com/mockdex/mockdex/spec", "github.com/mockdex/mockdex/internal/contract"},
	// The mirror reads a tier over HTTP and writes fixture files; the
	// round-trip test, not an import, holds them to what fakes loads.
	"github.com/mockdex/mockdex/internal/mirror": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes", "github.com/mockdex/mockdex/internal/contract"},
}

// shipped are the packages users run or import; everything else of ours
// is tooling (tools/) or tests (e2e/).
var shipped = []string{module + "cmd/...", module + "mockdextest"}

// pkg is what go list says of one package.
type pkg struct {
	ImportPath string
	Error      *struct{ Err string }
	Deps       []string
}

// list runs go list over patterns: each package with its error (a
// package that is not there) and its dependencies.
func list(t *testing.T, patterns ...string) []pkg {
	t.Helper()
	args := append([]string{"list", "-e", "-json=ImportPath,Error,Deps"}, patterns...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(patterns, " "), err)
	}
	var pkgs []pkg
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// A package the table names must exist: a rename would otherwise leave
// its rule guarding nothing.
func TestImportDirections(t *testing.T) {
	var names []string
	for name := range forbidden {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, p := range list(t, names...) {
		if p.Error != nil {
			t.Errorf("%s, named in forbidden, is not there (renamed or removed? update the table): %s", p.ImportPath, p.Error.Err)
			continue
		}
		for _, dep := range p.Deps {
			for _, b := range forbidden[p.ImportPath] {
				if dep == b || (strings.HasSuffix(b, "/") && strings.HasPrefix(dep, b)) {
					t.Errorf("%s imports %s (forbidden)", p.ImportPath, dep)
				}
			}
		}
	}
}

// internal/ holds only what ships: every package under it is built into
// a command or into mockdextest, and nothing that ships reaches the
// tooling or the end-to-end suites.
func TestInternalHoldsOnlyWhatShips(t *testing.T) {
	reached := map[string]bool{}
	for _, p := range list(t, shipped...) {
		if p.Error != nil {
			t.Fatalf("%s: %s", p.ImportPath, p.Error.Err)
		}
		reached[p.ImportPath] = true
		for _, dep := range p.Deps {
			reached[dep] = true
			if strings.HasPrefix(dep, module+"tools/") || strings.HasPrefix(dep, module+"e2e/") {
				t.Errorf("%s imports %s: what ships must not need the tooling or the tests", p.ImportPath, dep)
			}
		}
	}
	internal := list(t, module+"internal/...")
	if len(internal) < 10 {
		t.Fatalf("go list found only %d packages under internal/", len(internal))
	}
	for _, p := range internal {
		if !reached[p.ImportPath] {
			t.Errorf("%s is under internal/ but no command or mockdextest uses it: tooling belongs in tools/, test suites in e2e/", p.ImportPath)
		}
	}
}
