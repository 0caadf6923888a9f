package fakes

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// update rewrites the golden files from what the code produces now:
// go test ./internal/fakes -run Golden -update. Only for a change of
// format made on purpose (and documented in docs/state-format.md).
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the code")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s differs from the golden file (-update rewrites it, for a change made on purpose)", path)
}

// seededIDs makes the ids requests draw (uuid.NewString) repeatable for
// the test, so an export can be compared byte for byte.
func seededIDs(t *testing.T) {
	uuid.SetRand(rand.New(rand.NewSource(18)))
	t.Cleanup(func() { uuid.SetRand(nil) })
}

// The state document of a world with one change of every kind is the
// same, byte for byte, as the golden file: a refactoring of the state
// types or their conversions cannot change what is exported or persisted.
func TestStateExportGolden(t *testing.T) {
	seededIDs(t)
	w := historyTemplate(t, Options{}).NewWorld(clock.NewManual(slotEpoch))
	makeEveryChange(t, w, slotEpoch)
	snap, err := w.Export()
	require.NoError(t, err)
	var doc bytes.Buffer
	require.NoError(t, statedoc.Encode(&doc, snap))
	golden(t, "state-export.golden.json", doc.Bytes())
}

// The default fixtures (and mirror's other tier) load the same world for
// a seed as they always did: the same content (the fingerprint a state
// document names, which covers the generated providers' ids and names)
// and the same on-call pools, so a saved state still loads and history
// ids stay put.
func TestFixturesLoadGolden(t *testing.T) {
	var out bytes.Buffer
	for _, c := range []struct {
		name string
		fsys fs.FS
		seed int64
	}{
		{"default", fixtures.Default(), 1}, {"default", fixtures.Default(), 7},
		{"default", fixtures.Default(), 42}, {"default", fixtures.Default(), -3},
		{"othertier", os.DirFS("../mirror/testdata/othertier"), 42},
	} {
		fx, err := LoadFixtures(c.fsys, c.seed)
		require.NoError(t, err)
		fp, err := fixturesFingerprint(fx)
		require.NoError(t, err)
		pools := map[string][]string{}
		assigned := fx.assignPools(c.seed)
		for i, p := range fx.Providers {
			pools[p.ID] = assigned[i]
		}
		data, err := json.Marshal(pools)
		require.NoError(t, err)
		sum := sha256.Sum256(data)
		fmt.Fprintf(&out, "%s seed %d: providers %d, fixtures %s, pools sha256:%s\n", c.name, c.seed, len(fx.Providers), fp, hex.EncodeToString(sum[:]))
	}
	golden(t, "fixtures-load.golden", out.Bytes())
}
