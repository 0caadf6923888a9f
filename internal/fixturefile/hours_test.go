package fixturefile

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
)

func TestParseHours(t *testing.T) {
	for in, want := range map[string][2]int{"24x7": {0, 1440}, "07:00-19:00": {420, 1140}, "08:30-24:00": {510, 1440}} {
		open, close, err := ParseHours(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, [2]int{open, close}, in)
	}
	for _, bad := range []string{"", "9-5", "19:00-07:00", "07:00-25:00", "07:75-19:00", "07:00-19:00 weekdays", "always"} {
		_, _, err := ParseHours(bad)
		assert.Error(t, err, bad)
	}
}

// A fixtures directory with malformed hours is refused at load, rather than
// the region silently opening around the clock.
func TestFixturesRefuseMalformedHours(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Default()
	entries, err := fs.ReadDir(src, ".")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := fs.ReadFile(src, e.Name())
		require.NoError(t, err)
		if e.Name() == "practices.json" {
			data = bytes.Replace(data, []byte(`"hours": "08:00-20:00"`), []byte(`"hours": "8am-8pm"`), 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600))
	}
	_, err = Read(os.DirFS(dir))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `hours "8am-8pm"`)
}
