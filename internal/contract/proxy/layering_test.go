package proxy_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The proxy speaks HTTP to a tier and to an in-process mock it is
// handed: it never builds one itself (no handlers, no world).
func TestProxyImportsNoServerOrFakes(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/mockdex/mockdex/internal/contract/proxy").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"internal/server", "internal/fakes", "internal/mock", "internal/namespaces"} {
			if dep == "github.com/mockdex/mockdex/"+banned || strings.HasPrefix(dep, "github.com/mockdex/mockdex/"+banned+"/") {
				t.Errorf("internal/contract/proxy imports %s", dep)
			}
		}
	}
}
