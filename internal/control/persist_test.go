package control_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/store"
	"github.com/mockdex/mockdex/mockdextest"
)

// kept is a mock whose namespaces are kept in a data directory.
type kept struct {
	t    *testing.T
	srv  *mock.Mock
	http *httptest.Server
	p    *control.Persistence
}

// startKept starts a mock on dir, capped at maxNS namespaces.
func startKept(t *testing.T, dir string, maxNS int) *kept {
	t.Helper()
	srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch), MaxNamespaces: maxNS})
	require.NoError(t, err)
	p, err := control.Persist(srv.Parts(), control.PersistOptions{Dir: dir, Interval: time.Hour})
	require.NoError(t, err)
	k := &kept{t: t, srv: srv, http: httptest.NewServer(srv), p: p}
	t.Cleanup(k.http.Close)
	return k
}

// stop shuts the mock down as SIGTERM does: a last save.
func (k *kept) stop() {
	k.http.Close()
	require.NoError(k.t, k.p.Close())
}

func (k *kept) do(method, path, body string, headers ...string) (int, string) {
	k.t.Helper()
	req, err := http.NewRequest(method, k.http.URL+path, strings.NewReader(body))
	require.NoError(k.t, err)
	req.Header.Set("Content-Type", "application/json")
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(name, strings.TrimSpace(value))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(k.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(k.t, err)
	return resp.StatusCode, string(b)
}

// joe is Joe's token minted in the namespace.
func (k *kept) joe(name string) string {
	k.t.Helper()
	status, body := k.do("POST", "/_mockdex/tokens", `{"patient":"`+joeGUID+`"}`, ns(name))
	require.Equal(k.t, http.StatusOK, status, body)
	var out struct{ Token string }
	decode(k.t, body, &out)
	return "Authorization: Bearer " + out.Token
}

func (k *kept) createVisit(name string) string {
	k.t.Helper()
	status, body := k.do("POST", "/api/9/visits", joeVisit(k.t), k.joe(name), ns(name))
	require.Equal(k.t, http.StatusOK, status, body)
	var out visitCreated
	decode(k.t, body, &out)
	return out.VisitID
}

func (k *kept) visitStatus(name, id string) int {
	k.t.Helper()
	status, _ := k.do("GET", "/api/9/visits/"+id+"/summary", "", k.joe(name), ns(name))
	return status
}

// Every namespace, the default one too, with its clock and faults, comes
// back after a stop and a start on the same directory.
func TestPersistedNamespacesSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	k := startKept(t, dir, 0)
	inDefault, inA := k.createVisit("default"), k.createVisit("team-a")
	k.do("POST", "/_mockdex/clock", `{"advance":"3h"}`, ns("team-a"))
	status, body := k.do("POST", "/_mockdex/faults", `{"operationId":"getModalities","status":503}`, ns("team-a"))
	require.Equal(t, http.StatusCreated, status, body)
	k.stop()

	k = startKept(t, dir, 0)
	assert.Equal(t, http.StatusOK, k.visitStatus("default", inDefault))
	assert.Equal(t, http.StatusOK, k.visitStatus("team-a", inA))
	assert.Equal(t, http.StatusNotFound, k.visitStatus("default", inA), "namespaces stay apart")
	_, body = k.do("GET", "/_mockdex/clock", "", ns("team-a"))
	var c clockBody
	decode(t, body, &c)
	assert.Equal(t, mockdextest.Epoch.Add(3*time.Hour), c.Now.UTC(), "a manual clock stands where it was")
	status, _ = k.do("GET", "/api/9/modalities", "", ns("team-a"))
	assert.Equal(t, http.StatusServiceUnavailable, status, "the fault came back")
	k.stop()
}

// With a data directory, an evicted namespace is saved, not lost: its
// next request loads it back. Deleting it removes its file too.
func TestEvictedNamespaceIsSavedAndLoadedBack(t *testing.T) {
	dir := t.TempDir()
	k := startKept(t, dir, 2) // the default namespace and one more
	id := k.createVisit("first")
	k.createVisit("second") // evicts "first"
	_, ok := k.srv.Namespaces().Lookup("first")
	require.False(t, ok, "first was evicted")
	require.FileExists(t, filepath.Join(dir, "first.mockdex-state.json"), "and saved as it went")

	assert.Equal(t, http.StatusOK, k.visitStatus("first", id), "its next request loads it back")
	status, body := k.do("DELETE", "/_mockdex/namespaces/second", "")
	require.Equal(t, http.StatusOK, status, body, "an evicted namespace can be deleted")
	assert.NoFileExists(t, filepath.Join(dir, "second.mockdex-state.json"))
	k.stop()
}

// A file that cannot be read stops start-up with its name and the
// problem; nothing is served from an empty world in its place.
func TestCorruptSnapshotStopsStartUp(t *testing.T) {
	dir := t.TempDir()
	k := startKept(t, dir, 0)
	k.createVisit("team-a")
	k.stop()
	file := filepath.Join(dir, "team-a.mockdex-state.json")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, data[:len(data)/2], 0o600))

	srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch)})
	require.NoError(t, err)
	_, err = control.Persist(srv.Parts(), control.PersistOptions{Dir: dir})
	require.Error(t, err)
	assert.Contains(t, err.Error(), file)
	assert.Contains(t, err.Error(), "--reset-data")

	_, err = control.Persist(srv.Parts(), control.PersistOptions{Dir: dir, Reset: true})
	require.NoError(t, err, "--reset-data starts clean")
	assert.NoFileExists(t, file)
}

// The background saver writes a change without a shutdown.
func TestChangesAreSavedInTheBackground(t *testing.T) {
	dir := t.TempDir()
	srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch)})
	require.NoError(t, err)
	p, err := control.Persist(srv.Parts(), control.PersistOptions{Dir: dir, Interval: 10 * time.Millisecond})
	require.NoError(t, err)
	defer p.Close()
	h := httptest.NewServer(srv)
	defer h.Close()
	k := &kept{t: t, srv: srv, http: h, p: p}
	id := k.createVisit("bg")
	d, err := store.Open(dir, false)
	require.NoError(t, err)
	var doc *statedoc.Document
	require.Eventually(t, func() bool {
		doc, err = d.Read("bg") // the state file, and the log after it
		if err != nil {
			return false
		}
		for _, v := range doc.Visits {
			if v.ID == id {
				return true
			}
		}
		return false
	}, 5*time.Second, 10*time.Millisecond)
	assert.Contains(t, string(doc.Control), `"clock"`)
}

// A namespace whose file turns bad while it is evicted to disk is not
// served as a fresh world: its requests are answered 410 naming the
// set-aside file until it is deleted, also after a restart.
func TestUnreadableEvictedNamespaceIsRefusedNotRestarted(t *testing.T) {
	dir := t.TempDir()
	k := startKept(t, dir, 2)
	k.createVisit("first")
	k.createVisit("second") // evicts "first"
	file := filepath.Join(dir, "first.mockdex-state.json")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	data[len(data)-5] ^= 0x20
	require.NoError(t, os.WriteFile(file, data, 0o600))

	status, body := k.do("GET", "/api/9/modalities", "", ns("first"))
	assert.Equal(t, http.StatusGone, status, body)
	assert.Contains(t, body, "NAMESPACE_STATE_UNREADABLE")
	assert.Contains(t, body, "first.mockdex-state.json.bad")
	assert.FileExists(t, file+".bad", "kept for a person to look at")
	k.stop()

	k = startKept(t, dir, 2)
	status, _ = k.do("GET", "/api/9/modalities", "", ns("first"))
	assert.Equal(t, http.StatusGone, status, "still refused after a restart")
	status, body = k.do("DELETE", "/_mockdex/namespaces/first", "")
	require.Equal(t, http.StatusOK, status, body)
	status, _ = k.do("GET", "/api/9/modalities", "", ns("first"))
	assert.Equal(t, http.StatusOK, status, "deleted, the name starts afresh")
	matches, _ := filepath.Glob(file + ".bad*")
	assert.Len(t, matches, 1, "the set-aside file stays, renamed")
	k.stop()
}

// An expiry recorded in the data directory outlives a restart: the name
// is answered 410 until deleted.
func TestExpiryIsRememberedAcrossARestart(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ci-7.mockdex-expired"), nil, 0o600))
	k := startKept(t, dir, 0)
	status, body := k.do("GET", "/api/9/modalities", "", ns("ci-7"))
	assert.Equal(t, http.StatusGone, status, body)
	assert.Contains(t, body, "NAMESPACE_EXPIRED")
	_, body = k.do("GET", "/_mockdex/namespaces", "")
	assert.Contains(t, body, `"expired":["ci-7"]`)
	status, _ = k.do("DELETE", "/_mockdex/namespaces/ci-7", "")
	require.Equal(t, http.StatusOK, status)
	assert.NoFileExists(t, filepath.Join(dir, "ci-7.mockdex-expired"))
	status, _ = k.do("GET", "/api/9/modalities", "", ns("ci-7"))
	assert.Equal(t, http.StatusOK, status)
	k.stop()
}

// A saved state file can be PUT as it is (its checksum is checked); a
// document with anything after it is refused, as a file would be.
func TestStatePutTakesASavedFileAndRefusesTrailingData(t *testing.T) {
	dir := t.TempDir()
	k := startKept(t, dir, 0)
	id := k.createVisit("team-a")
	k.stop()
	saved, err := os.ReadFile(filepath.Join(dir, "team-a.mockdex-state.json"))
	require.NoError(t, err)

	k = startKept(t, t.TempDir(), 0)
	status, body := k.do("PUT", "/_mockdex/state", string(saved), ns("team-b"))
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, http.StatusOK, k.visitStatus("team-b", id))
	status, body = k.do("PUT", "/_mockdex/state", string(saved[:len(saved)-3])+"xx}\n", ns("team-c"))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "checksum")
	_, export := k.do("GET", "/_mockdex/state", "", ns("team-b"))
	status, body = k.do("PUT", "/_mockdex/state", export+`{"format":"mockdex-state"}`, ns("team-c"))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "more after its end")
	k.stop()
}

// Loading a namespace big enough to take a while, with the saver
// flushing every millisecond meanwhile, never writes the fresh world the
// import is about to replace over its files: a second restart finds
// every visit.
func TestLoadingIsNotOverwrittenByTheSaver(t *testing.T) {
	dir := t.TempDir()
	open := func() (*mock.Mock, *control.Persistence) {
		srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch), MaxVisits: -1})
		require.NoError(t, err)
		p, err := control.Persist(srv.Parts(), control.PersistOptions{Dir: dir, Interval: time.Millisecond})
		require.NoError(t, err)
		return srv, p
	}
	srv, p := open()
	l, err := srv.Namespaces().Hold("big")
	require.NoError(t, err)
	w, leave := l.Enter()
	for i := 0; i < 3000; i++ {
		_, err := w.QueueVisit(fakes.QueueRequest{Kind: fakes.KindVirtual, Subject: joeGUID, PatientGUID: joeGUID,
			AcceptedTerms: true, VisitReason: "cough", Region: "WA"}, mockdextest.Epoch.Add(time.Duration(i)*time.Hour))
		require.NoError(t, err)
	}
	leave()
	l.Release()
	want := srv.Namespaces().World("big").Visits.Len()
	require.NoError(t, p.Close())

	srv, p = open()
	flushes := p.Stats().LastFlush
	require.Eventually(t, func() bool { return p.Stats().LastFlush.After(flushes) }, 5*time.Second, time.Millisecond)
	require.NoError(t, p.Close())
	srv, p = open()
	assert.Equal(t, want, srv.Namespaces().World("big").Visits.Len())
	require.NoError(t, p.Close())
}
