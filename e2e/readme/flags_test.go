package readme

import (
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// Every flag `mockdex serve --help` lists has its row in
// docs/configuration.md, the page the README sends people to: a flag
// added without its row fails here rather than going unfound.
func TestEveryServeFlagIsDocumented(t *testing.T) {
	help, err := exec.Command(binaries.Path(t, "mockdex"), "serve", "--help").CombinedOutput()
	require.NoError(t, err, "%s", help)
	page, err := os.ReadFile("../../docs/configuration.md")
	require.NoError(t, err)
	flags := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`).FindAllStringSubmatch(string(help), -1)
	require.NotEmpty(t, flags, "serve --help lists its flags:\n%s", help)
	for _, f := range flags {
		assert.Contains(t, string(page), "| `--"+f[1]+"`", "docs/configuration.md has no row for --%s", f[1])
	}
}
