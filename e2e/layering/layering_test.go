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
	"github.com/mockdex/mockdex/internal/scenarios": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	// DexCare's handlers never reach the control plane, the assembly
	// above them or the contract tooling.
	"github.com/mockdex/mockdex/internal/server": {"github.com/mockdex/mockdex/internal/contract", "github.com/mockdex/mockdex/internal/control",
		"github.com/mockdex/mockdex/internal/mock"},
	// The control plane drives namespaces, never DexCare's handlers.
	"github.com/mockdex/mockdex/internal/control": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/mock",
		"github.com/mockdex/mockdex/internal/contract"},
	// The OpenAPI gate knows no handler, no namespace and no world: what
	// it hands on is the request it checked.
	"github.com/mockdex/mockdex/internal/gate": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/control",
		"github.com/mockdex/mockdex/internal/mock", "github.com/mockdex/mockdex/internal/namespaces", "github.com/mockdex/mockdex/internal/fakes"},
	// Namespaces sit below both HTTP faces and know neither.
	"github.com/mockdex/mockdex/internal/namespaces": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/control",
		"github.com/mockdex/mockdex/internal/mock", "github.com/mockdex/mockdex/internal/gate"},
	// What both HTTP faces share on the way out is below both.
	"github.com/mockdex/mockdex/internal/respond": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/control",
		"github.com/mockdex/mockdex/internal/mock", "github.com/mockdex/mockdex/internal/fakes"},
	// DexCare's response shapes are plain types that server writes and
	// mirror reads: they import nothing of ours.
	"github.com/mockdex/mockdex/internal/dexcare": {"github.com/mockdex/mockdex/"},
	// The fault rules are plain data: the HTTP layer applies them and the
	// control plane edits them.
	"github.com/mockdex/mockdex/internal/faults": {"github.com/mockdex/mockdex/"},
	// The runner speaks HTTP; only its inproc sub-package builds a mock.
	"github.com/mockdex/mockdex/internal/contract": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes",
		"github.com/mockdex/mockdex/internal/mock", "github.com/mockdex/mockdex/internal/namespaces"},
	"github.com/mockdex/mockdex/internal/loadgen": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes",
		"github.com/mockdex/mockdex/internal/mock"},
	"github.com/mockdex/mockdex/spec": {"github.com/mockdex/mockdex/internal/"},

	// The drifted tier stands in front of any http.Handler, never the mock.
	"github.com/mockdex/mockdex/e2e/drift": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	// The journal records requests for whoever reads it; of ours it needs
	// only the list of fields to redact.
	"github.com/mockdex/mockdex/internal/journal": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes",
		"github.com/mockdex/mockdex/internal/clock", "github.com/mockdex/mockdex/spec", "github.com/mockdex/mockdex/internal/contract"},
	// The mirror reads a tier over HTTP and writes fixture files through
	// the fixture format, which is all it shares with the mock.
	"github.com/mockdex/mockdex/internal/mirror": {"github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes",
		"github.com/mockdex/mockdex/internal/contract", "github.com/mockdex/mockdex/internal/mock"},
	// The fixture format is plain data that fakes reads and mirror writes:
	// nothing of ours, no HTTP.
	"github.com/mockdex/mockdex/internal/fixturefile": {"github.com/mockdex/mockdex/", "net/http"},
	// A world's provider history is a data structure of its own.
	"github.com/mockdex/mockdex/internal/fakes/eventlog": {"github.com/mockdex/mockdex/", "net/http"},
	// A slotId is a value of the fixture format's departments, nothing more.
	"github.com/mockdex/mockdex/internal/fakes/slotid": {"net/http", "github.com/mockdex/mockdex/internal/fakes", "github.com/mockdex/mockdex/internal/server"},
	// The store keeps state documents on disk; it needs the document, not
	// the world it describes.
	"github.com/mockdex/mockdex/internal/store": {"net/http", "github.com/mockdex/mockdex/internal/server", "github.com/mockdex/mockdex/internal/fakes"},
	// The state document knows no world: of ours, only the error
	// vocabulary and the fixture format (its patients are patients.json's).
	"github.com/mockdex/mockdex/internal/statedoc": {"net/http", "github.com/mockdex/mockdex/internal/fakes", "github.com/mockdex/mockdex/internal/server",
		"github.com/mockdex/mockdex/internal/control", "github.com/mockdex/mockdex/internal/store", "github.com/mockdex/mockdex/internal/clock",
		"github.com/mockdex/mockdex/internal/journal", "github.com/mockdex/mockdex/internal/faults", "github.com/mockdex/mockdex/internal/redact"},
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
