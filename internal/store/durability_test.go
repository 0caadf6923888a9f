package store_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/store"
)

// Every one of 40 single-bit flips, spread over a state file (its header
// line, its document, its last bytes), is refused when the file is read:
// a changed file is never loaded as changed data.
func TestEveryBitFlipInAStateFileIsRefused(t *testing.T) {
	tmpl := template(t)
	dir := t.TempDir()
	d, err := store.Open(dir, false)
	require.NoError(t, err)
	w := busyWorld(t, tmpl)
	addVisit(t, w)
	require.NoError(t, d.Write("ns", export(t, w)))
	good, err := os.ReadFile(d.File("ns"))
	require.NoError(t, err)
	_, err = d.Read("ns")
	require.NoError(t, err, "the file as written reads")

	rng := rand.New(rand.NewPCG(22, 40))
	offsets := []int{0, 5, 19, 30, 60, 100, 120, len(good) - 1, len(good) - 2, len(good) - 3}
	for len(offsets) < 40 {
		offsets = append(offsets, rng.IntN(len(good)))
	}
	for i, at := range offsets {
		bit := byte(1) << (i % 8)
		bad := append([]byte(nil), good...)
		bad[at] ^= bit
		require.NoError(t, os.WriteFile(d.File("ns"), bad, 0o600))
		_, err := d.Read("ns")
		require.Error(t, err, "flip %d: bit %#x of byte %d (%q) was loaded", i, bit, at, good[at])
		assert.Contains(t, err.Error(), d.File("ns"), "the refusal names the file")
	}
}

// Trailing bytes after a state file's document are refused, even ones
// that are white space to JSON.
func TestAnythingAfterTheDocumentIsRefused(t *testing.T) {
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	require.NoError(t, d.Write("ns", export(t, busyWorld(t, template(t)))))
	good, err := os.ReadFile(d.File("ns"))
	require.NoError(t, err)
	for _, tail := range []string{"\n", " ", "{}", "garbage"} {
		require.NoError(t, os.WriteFile(d.File("ns"), append(append([]byte(nil), good...), tail...), 0o600))
		_, err := d.Read("ns")
		assert.ErrorContains(t, err, "after its document", "%q", tail)
	}
}

// A namespace's changes go to its log as they are flushed; reading the
// files back (as after a crash: no Close) replays the log over the state
// file and gives the world as the last flush left it.
func TestLogReplaysTheChangesAfterTheStateFile(t *testing.T) {
	_, dir, d, w, s := loggedWorld(t)
	require.NoError(t, s.Flush(), "the first flush writes the state file")
	for i := 0; i < 5; i++ {
		addVisit(t, w)
		require.NoError(t, s.Flush())
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "a.mockdex-log.*"))
	require.Len(t, logs, 1, "the changes went to the log, not a new state file")
	assert.Equal(t, 5, readVisits(t, d, "a"))
	assert.Equal(t, 5, int(s.Stats().Records))

	// An append a crash cut short is dropped (it was never acknowledged),
	// and cut off the file.
	f, err := os.OpenFile(logs[0], os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte{200, 0, 0, 0, 1, 2})
	require.NoError(t, err)
	f.Close()
	assert.Equal(t, 5, readVisits(t, d, "a"))
	info, err := os.Stat(logs[0])
	require.NoError(t, err)
	good, err := os.ReadFile(logs[0])
	require.NoError(t, err)
	assert.Equal(t, info.Size(), int64(len(good)))

	// A record whose bytes changed is refused, naming the log.
	for _, at := range []int{len(good) - 10, 20, 3} {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x10
		require.NoError(t, os.WriteFile(logs[0], bad, 0o600))
		_, err := d.Read("a")
		require.Error(t, err, "byte %d", at)
		assert.Contains(t, err.Error(), logs[0])
	}
	require.NoError(t, os.WriteFile(logs[0], good, 0o600))
	require.NoError(t, s.Close())
	assert.Equal(t, 5, readVisits(t, d, "a"))
	logs, _ = filepath.Glob(filepath.Join(dir, "a.mockdex-log.*"))
	assert.Empty(t, logs, "Close folds the log into the state file")
}

// Sync returns once the caller's changes are on disk; callers at once
// share flushes (group commit).
func TestSyncPutsEachChangeOnDiskBeforeReturning(t *testing.T) {
	tmpl := template(t)
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	w := tmpl.NewWorld(clock.NewManual(epoch))
	ns := store.Namespace{World: w}
	s := store.NewSaver(d, store.SourceFunc(func() map[string]store.Namespace { return nil }), store.SaverOptions{Interval: time.Hour})
	defer s.Close()
	var wg sync.WaitGroup
	ids := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				v := addVisitAt(t, w, time.Duration(g*8+i)*time.Hour)
				require.NoError(t, s.Sync("a", ns))
				// Acknowledged: another reader of the directory finds it.
				ids <- v.ID
			}
		}()
	}
	wg.Wait()
	close(ids)
	doc, err := d.Read("a")
	require.NoError(t, err)
	on := map[string]bool{}
	for _, v := range doc.Visits {
		on[v.ID] = true
	}
	for id := range ids {
		assert.True(t, on[id], "visit %s was acknowledged and is on disk", id)
	}
	st := s.Stats()
	assert.LessOrEqual(t, st.Records, uint64(64))
	t.Logf("64 synced changes took %d log records", st.Records)
}

// A log grown past its state file is folded into a new one in the
// background; reading gives the same world before and after.
func TestLogIsCompactedIntoTheStateFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a megabyte of log")
	}
	tmpl, dir, d, w, s := loggedWorld(t)
	require.NoError(t, s.Flush())
	for h := 0; s.Stats().Compactions == 0 && s.Stats().LogBytes < 4<<20; {
		for i := 0; i < 50; i++ {
			h++
			addVisitAt(t, w, time.Duration(h)*time.Hour)
		}
		require.NoError(t, s.Flush())
	}
	require.Eventually(t, func() bool { return s.Stats().Compactions > 0 }, 10*time.Second, 10*time.Millisecond)
	addVisit(t, w)
	require.NoError(t, s.Flush())
	assert.Equal(t, w.Visits.Len()-visitsOf(tmpl), readVisits(t, d, "a"))
	logs, _ := filepath.Glob(filepath.Join(dir, "a.mockdex-log.*"))
	assert.Len(t, logs, 1, "the compacted logs are gone; the one after the new state file remains")
	require.NoError(t, s.Close())
}

// loggedWorld is a fresh world in namespace "a", kept in a data
// directory by a saver that flushes only when asked.
func loggedWorld(t *testing.T) (*fakes.Template, string, *store.Dir, *fakes.World, *store.Saver) {
	t.Helper()
	tmpl := template(t)
	dir := t.TempDir()
	d, err := store.Open(dir, false)
	require.NoError(t, err)
	w := tmpl.NewWorld(clock.NewManual(epoch))
	src := &namespaces{m: map[string]store.Namespace{}}
	src.set("a", w)
	return tmpl, dir, d, w, store.NewSaver(d, src, store.SaverOptions{Interval: time.Hour})
}

func addVisitAt(t testing.TB, w *fakes.World, after time.Duration) fakes.Visit {
	t.Helper()
	v, err := w.QueueVisit(fakes.QueueRequest{Kind: fakes.KindVirtual, Subject: joe, PatientGUID: joe,
		AcceptedTerms: true, VisitReason: strings.Repeat("c", 400), Region: "WA"}, epoch.Add(after))
	require.NoError(t, err)
	return v
}

// visitsOf is how many generated visits a world of tmpl starts with.
func visitsOf(tmpl *fakes.Template) int {
	return tmpl.NewWorld(clock.NewManual(epoch)).Visits.Len()
}
