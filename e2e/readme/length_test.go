package readme

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// maxREADMELines keeps the README a page a newcomer reads to the end;
// detail belongs in docs/, which the README's table links.
const maxREADMELines = 299

func TestREADMEStaysShort(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	lines := strings.Count(string(src), "\n")
	require.LessOrEqual(t, lines, maxREADMELines, "README.md has %d lines: move detail into docs/ and link it", lines)
}
