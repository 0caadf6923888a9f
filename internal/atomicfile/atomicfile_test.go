package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/atomicfile"
)

// A write replaces the file whole, with the mode asked for, and leaves
// nothing else in the directory; a write that cannot finish leaves the
// old file as it was.
func TestWriteReplacesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ca.pem")
	require.NoError(t, atomicfile.Write(path, []byte("first"), 0o600))
	require.NoError(t, atomicfile.Write(path, []byte("second"), 0o644))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "second", string(b))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")

	// A directory in the way: the rename fails, and the temporary file goes.
	blocked := filepath.Join(dir, "taken")
	require.NoError(t, os.Mkdir(blocked, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(blocked, "x"), nil, 0o600))
	assert.Error(t, atomicfile.Write(blocked, []byte("nope"), 0o644))
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "ca.pem and the directory, nothing else")
}
