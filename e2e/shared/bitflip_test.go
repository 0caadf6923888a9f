package shared

import (
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/mock"
)

// A state file mockdex wrote, with one bit flipped anywhere (40 flips,
// the count, spread over its header line and its document), is
// refused when the mock starts on it, naming the file; never loaded with
// changed data. One flip goes through the binary too: exit status 1 and
// the file named.
func TestEveryBitFlipInAStateFileIsRefusedAtStart(t *testing.T) {
	dir := t.TempDir()
	p := start(t, "--history-days", "1", "--data-dir", dir)
	for i := 0; i < 3; i++ {
		status, _, err := p.createGuest("team-a")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status)
	}
	status, _ := p.do("POST", "/_mockdex/clock", "team-a", `{"advance":"90m"}`)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt)) // a clean stop writes the state file whole
	require.NoError(t, <-p.done)
	p.done <- nil
	file := filepath.Join(dir, "team-a.mockdex-state.json")
	good, err := os.ReadFile(file)
	require.NoError(t, err)
	logs, _ := filepath.Glob(filepath.Join(dir, "*.mockdex-log.*"))
	require.Empty(t, logs, "everything is in the state file")

	open := func() error {
		m, err := mock.New(mock.Options{Clock: clock.NewManual(mock.Epoch), HistoryDays: 1, Seed: 1, DataDir: dir})
		if err == nil {
			m.Close()
		}
		return err
	}
	require.NoError(t, open(), "the file as written loads")
	require.NoError(t, os.WriteFile(file, good, 0o600)) // as it was: the load above may have rewritten it

	rng := rand.New(rand.NewPCG(40, 22))
	for i := 0; i < 40; i++ {
		at := rng.IntN(len(good))
		if i < 8 {
			at = i * 13 // the header line, whose digits say where the document ends and which logs follow
		}
		bad := append([]byte(nil), good...)
		bad[at] ^= 1 << rng.IntN(8)
		require.NoError(t, os.WriteFile(file, bad, 0o600))
		err := open()
		require.Error(t, err, "flip %d at byte %d was loaded", i, at)
		assert.Contains(t, err.Error(), file, "the refusal names the file")
	}

	require.NoError(t, os.WriteFile(file, append(append([]byte(nil), good...), " {}"...), 0o600))
	err = open()
	require.Error(t, err, "something after the document")
	assert.Contains(t, err.Error(), "after its document")

	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 0x04
	require.NoError(t, os.WriteFile(file, bad, 0o600))
	q, err := tryStart(t, "--history-days", "1", "--data-dir", dir)
	require.Error(t, err, "the binary refuses to start")
	assert.Contains(t, q.stderr.String(), file)
	assert.True(t, strings.Contains(q.stderr.String(), "--reset-data"), "and says the way out")
}
