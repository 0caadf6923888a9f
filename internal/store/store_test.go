package store_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/store"
)

var epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

const joe = "233441f4-129f-4d0e-afaa-b3009dbe80c7"

func template(t testing.TB) *fakes.Template {
	t.Helper()
	fx, err := fakes.LoadFixtures(fixtures.Default(), 1)
	require.NoError(t, err)
	tmpl, err := fakes.NewTemplate(fakes.Options{Fixtures: fx, Clock: clock.NewManual(epoch), Seed: 1, HistoryDays: 3})
	require.NoError(t, err)
	return tmpl
}

// busyWorld is a world with a visit and a report job in it.
func busyWorld(t testing.TB, tmpl *fakes.Template) *fakes.World {
	t.Helper()
	w := tmpl.NewWorld(clock.NewManual(epoch))
	addVisit(t, w)
	_, err := w.Reports.Start(fakes.Report{ID: "r1", Type: "virtual", From: epoch.Add(-time.Hour), To: epoch, Created: epoch}, time.Second, time.Second)
	require.NoError(t, err)
	return w
}

func addVisit(t testing.TB, w *fakes.World) fakes.Visit {
	t.Helper()
	v, err := w.QueueVisit(fakes.QueueRequest{Kind: fakes.KindVirtual, Subject: joe, PatientGUID: joe,
		AcceptedTerms: true, VisitReason: "cough", Region: "WA"}, epoch)
	require.NoError(t, err)
	return v
}

// importer builds a loaded namespace's world from tmpl, on the clock
// clockFor gives it, as the control plane does.
func importer(tmpl *fakes.Template, clockFor func(string, *statedoc.Document) clock.Clock) func(string, *statedoc.Document) (store.World, error) {
	return func(name string, doc *statedoc.Document) (store.World, error) {
		return fakes.ImportWorld(tmpl, clockFor(name, doc), doc)
	}
}

func export(t testing.TB, w store.World) *statedoc.Document {
	t.Helper()
	s, err := w.Export()
	require.NoError(t, err)
	return s
}

func TestWriteReadRoundTrip(t *testing.T) {
	tmpl := template(t)
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	w := busyWorld(t, tmpl)
	require.NoError(t, d.Write("ci-1", export(t, w)))
	names, err := d.Names()
	require.NoError(t, err)
	assert.Equal(t, []string{"ci-1"}, names)
	info, err := os.Stat(d.File("ci-1"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm(), "patient data is for the mock's user only")

	loaded, err := d.Load(importer(tmpl, func(string, *statedoc.Document) clock.Clock { return clock.NewManual(epoch) }))
	require.NoError(t, err)
	require.Contains(t, loaded, "ci-1")
	assert.Equal(t, export(t, w), export(t, loaded["ci-1"].World))
}

// A crash mid-write leaves the temporary file, never a half-written
// state file: the old state is read, and the leftover is cleared.
func TestCrashMidWriteLeavesTheOldState(t *testing.T) {
	tmpl := template(t)
	dir := t.TempDir()
	d, err := store.Open(dir, false)
	require.NoError(t, err)
	w := busyWorld(t, tmpl)
	old := export(t, w)
	require.NoError(t, d.Write("ns", old))
	addVisit(t, w)
	// What writeAtomic does up to the rename, then the process dies.
	leftover := filepath.Join(dir, ".ns"+store.Suffix+".tmp-123")
	require.NoError(t, os.WriteFile(leftover, []byte(`{"format":"mockdex-state","version":1,"vis`), 0o600))

	d, err = store.Open(dir, false)
	require.NoError(t, err)
	got, err := d.Read("ns")
	require.NoError(t, err)
	assert.Equal(t, old, got)
	_, err = os.Stat(leftover)
	assert.ErrorIs(t, err, fs.ErrNotExist, "opening clears what unfinished writes left")
	names, _ := d.Names()
	assert.Equal(t, []string{"ns"}, names)
}

func TestBadFilesAreRefusedNamingFileAndProblem(t *testing.T) {
	tmpl := template(t)
	good := export(t, busyWorld(t, tmpl))
	var doc strings.Builder
	require.NoError(t, statedoc.Encode(&doc, good))
	for _, c := range []struct{ name, content, says string }{
		{"truncated", doc.String()[:doc.Len()/2], "ends too early (truncated?)"},
		{"empty", "", "is empty (truncated?)"},
		{"garbage", "\x00\x01 not a state", "it is not a state file"},
		{"garbage-json", "{ not a state", "is not JSON"},
		{"trailing", doc.String() + "{}", "more after its end"},
		{"newer", strings.Replace(doc.String(), `"version":1`, `"version":2`, 1), "version: is 2; this mockdex reads version 1"},
		{"other-format", strings.Replace(doc.String(), `"mockdex-state"`, `"other"`, 1), `format: is "other"`},
		{"bad-visit", strings.Replace(doc.String(), `"kind":"virtual"`, `"kind":"teleport"`, 1), "visits[0].kind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			d, err := store.Open(dir, false)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(d.File(c.name), []byte(c.content), 0o600))
			_, err = d.Load(importer(tmpl, func(string, *statedoc.Document) clock.Clock { return clock.NewManual(epoch) }))
			require.Error(t, err)
			assert.Contains(t, err.Error(), d.File(c.name), "the file is named")
			assert.Contains(t, err.Error(), c.says)
			assert.Contains(t, err.Error(), "--reset-data", "and the way out")
		})
	}
}

// A state file that cannot be read (here a directory in its place, which
// fails for root as much as anyone) stops the load, naming it.
func TestUnreadableFileIsAnError(t *testing.T) {
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	require.NoError(t, os.Mkdir(d.File("odd"), 0o700))
	_, err = d.Load(importer(template(t), func(string, *statedoc.Document) clock.Clock { return clock.NewManual(epoch) }))
	require.Error(t, err)
	assert.Contains(t, err.Error(), d.File("odd"))
	assert.Contains(t, err.Error(), "is a directory")
}

func TestResetStartsClean(t *testing.T) {
	tmpl := template(t)
	dir := t.TempDir()
	d, err := store.Open(dir, false)
	require.NoError(t, err)
	require.NoError(t, d.Write("a", export(t, busyWorld(t, tmpl))))
	require.NoError(t, os.WriteFile(d.File("b"), []byte("corrupt"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("not ours"), 0o600))
	d, err = store.Open(dir, true)
	require.NoError(t, err)
	names, err := d.Names()
	require.NoError(t, err)
	assert.Empty(t, names)
	_, err = os.Stat(filepath.Join(dir, "keep.txt"))
	assert.NoError(t, err, "only state files are removed")
}

func TestNamesThatCannotBeFilesAreRefused(t *testing.T) {
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	for _, bad := range []string{"", "../up", "a/b", ".hidden", "sp ace", strings.Repeat("x", 65)} {
		assert.Error(t, d.Write(bad, &statedoc.Document{}), "%q", bad)
	}
	assert.NoError(t, store.CheckName("ci-job_42.retry"))
}

// namespaces is a Source a test changes.
type namespaces struct {
	mu sync.Mutex
	m  map[string]store.Namespace
}

func (n *namespaces) Namespaces() map[string]store.Namespace {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := map[string]store.Namespace{}
	for k, v := range n.m {
		out[k] = v
	}
	return out
}

func (n *namespaces) set(name string, w *fakes.World) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if w == nil {
		delete(n.m, name)
		return
	}
	n.m[name] = store.Namespace{World: w}
}

func readVisits(t *testing.T, d *store.Dir, name string) int {
	t.Helper()
	s, err := d.Read(name)
	if errors.Is(err, fs.ErrNotExist) {
		return -1
	}
	require.NoError(t, err)
	return len(s.Visits)
}

// The saver writes a change in the background, writes only what
// changed, rewrites a reset namespace, removes a deleted one, and flushes
// on Close.
func TestSaverFlushesChanges(t *testing.T) {
	tmpl := template(t)
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	src := &namespaces{m: map[string]store.Namespace{}}
	w := busyWorld(t, tmpl)
	src.set("a", w)
	s := store.NewSaver(d, src, store.SaverOptions{Interval: 10 * time.Millisecond})
	defer s.Close()
	require.Eventually(t, func() bool { return readVisits(t, d, "a") == 1 }, 5*time.Second, 5*time.Millisecond,
		"a change reaches the disk without a flush being asked for")

	info, err := os.Stat(d.File("a"))
	require.NoError(t, err)
	require.NoError(t, s.Flush())
	again, err := os.Stat(d.File("a"))
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), again.ModTime(), "nothing changed, nothing written")

	src.set("a", tmpl.NewWorld(clock.NewManual(epoch))) // a reset
	require.NoError(t, s.Flush())
	assert.Equal(t, 0, readVisits(t, d, "a"))

	src.set("a", nil) // a deletion
	require.NoError(t, s.Remove("a"))
	require.NoError(t, s.Flush())
	assert.Equal(t, -1, readVisits(t, d, "a"))

	w2 := tmpl.NewWorld(clock.NewManual(epoch))
	src.set("b", w2)
	s.MarkSaved("b", store.Namespace{World: w2})
	addVisit(t, w2)
	require.NoError(t, s.Close(), "Close flushes")
	assert.Equal(t, 1, readVisits(t, d, "b"))
}

// Control state is kept with the world and saved when its version moves.
func TestSaverKeepsControlState(t *testing.T) {
	tmpl := template(t)
	d, err := store.Open(t.TempDir(), false)
	require.NoError(t, err)
	w := tmpl.NewWorld(clock.NewManual(epoch))
	control := `{"offset":"1h"}`
	src := store.SourceFunc(func() map[string]store.Namespace {
		return map[string]store.Namespace{"c": {World: w, Version: uint64(len(control)), Control: func() json.RawMessage { return json.RawMessage(control) }}}
	})
	s := store.NewSaver(d, src, store.SaverOptions{Interval: time.Hour})
	require.NoError(t, s.Flush())
	control = `{"offset":"2h30m"}`
	require.NoError(t, s.Close())
	loaded, err := d.Load(importer(tmpl, func(_ string, snap *statedoc.Document) clock.Clock {
		assert.JSONEq(t, control, string(snap.Control))
		return clock.NewManual(epoch)
	}))
	require.NoError(t, err)
	assert.JSONEq(t, control, string(loaded["c"].Control))
}
