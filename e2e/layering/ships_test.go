package layering

import (
	"strings"
	"testing"
)

const module = "github.com/mockdex/mockdex/"

// shipped are the packages users run or import; everything else of ours
// is tooling (tools/) or tests (e2e/).
var shipped = []string{module + "cmd/...", module + "mockdextest"}

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
