// Package layering holds the tests that keep the package graph pointing
// the way DESIGN.md says it must.
package layering

import (
	"os/exec"
	"strings"
	"testing"
)

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

func TestImportDirections(t *testing.T) {
	for pkg, banned := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			// A rule for a package that is not there guards nothing: a
			// rename must move its rule along.
			t.Errorf("go list %s: %v (renamed or removed? update forbidden)\n%s", pkg, err, out)
			continue
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg {
				continue // go list -deps lists the package itself
			}
			for _, b := range banned {
				if dep == b || (strings.HasSuffix(b, "/") && strings.HasPrefix(dep, b)) {
					t.Errorf("%s imports %s (forbidden)", pkg, dep)
				}
			}
		}
	}
}
