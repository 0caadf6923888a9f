package usage_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The profile is folded from the journal and read by the contract
// tooling: it knows neither the handlers, nor the world, nor the
// contract runner (which imports it).
func TestUsageImportsNoServerFakesOrContract(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/mockdex/mockdex/internal/usage").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"internal/server", "internal/fakes", "internal/contract", "internal/mock", "internal/namespaces"} {
			if dep == "github.com/mockdex/mockdex/"+banned || strings.HasPrefix(dep, "github.com/mockdex/mockdex/"+banned+"/") {
				t.Errorf("internal/usage imports %s", dep)
			}
		}
	}
}
