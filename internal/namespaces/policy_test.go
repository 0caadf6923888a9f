package namespaces_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
	"github.com/mockdex/mockdex/mockdextest"
)

// touch gives a namespace state a fresh one would not have: its clock
// moved, as a test setting up a scenario does.
func touch(t *testing.T, reg *namespaces.Registry, name string) {
	t.Helper()
	l := hold(t, reg, name)
	l.Namespace().Clock().Advance(time.Hour)
	l.Release()
}

// Without a data directory, a namespace holding state is never evicted
// to make room: a full registry refuses the new namespace with a 507
// naming the cap, and the others keep their state. A namespace holding
// nothing (only read) still makes room.
func TestFullRegistryRefusesRatherThanEvictState(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 3)
	touch(t, reg, "mine")
	use(t, reg, "reader") // holds nothing
	use(t, reg, "other")  // evicts reader, not mine
	assert.Equal(t, []string{"default", "mine", "other"}, names(reg))
	touch(t, reg, "other")

	err := tryUse(reg, "third")
	require.Error(t, err)
	e := apierr.As(err)
	assert.Equal(t, 507, respond.Status(e.Kind))
	assert.Equal(t, namespaces.CodeLimit, e.Code)
	assert.Contains(t, e.Message, "limit of 3 namespaces (--max-namespaces)")
	assert.Contains(t, e.Message, "DELETE /_mockdex/namespaces/NAME")
	assert.Equal(t, []string{"default", "mine", "other"}, names(reg), "nobody's namespace went")
	mine, _ := reg.Lookup("mine")
	assert.Equal(t, mockdexEpoch().Add(time.Hour), mine.Clock().Now(), "and mine still holds its state")
	assert.Equal(t, uint64(1), reg.Stats().Refused["limit"])

	require.NoError(t, reg.Delete("other"))
	assert.NoError(t, tryUse(reg, "third"), "a deletion makes room")
}

// With a keeper, eviction saves instead: the cap makes room by eviction.
func TestKeeperLetsStateBeEvicted(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 2)
	k := &memKeeper{saved: map[string]bool{}}
	reg.SetKeeper(k)
	touch(t, reg, "a")
	touch(t, reg, "b")
	assert.Equal(t, []string{"default", "b"}, names(reg))
	assert.True(t, k.saved["a"], "saved before it left")
	assert.Equal(t, uint64(1), reg.Stats().Evicted)
}

// A namespace idle past the TTL expires: a request naming it is told so
// (410, NAMESPACE_EXPIRED), never handed a fresh world, until it is
// deleted. The default namespace and a namespace in use never expire.
func TestIdleNamespacesExpire(t *testing.T) {
	wall := newWall()
	reg := newRegistryWith(t, namespaces.TemplateOptions{}, namespaces.Options{IdleTTL: time.Hour, Wall: wall.now})
	touch(t, reg, "ci-1")
	busy := hold(t, reg, "ci-busy")
	wall.add(2 * time.Hour)

	err := tryUse(reg, "ci-1")
	require.Error(t, err)
	e := apierr.As(err)
	assert.Equal(t, 410, respond.Status(e.Kind))
	assert.Equal(t, namespaces.CodeExpired, e.Code)
	assert.Contains(t, e.Message, "DELETE /_mockdex/namespaces/ci-1")
	assert.Error(t, tryUse(reg, "ci-1"), "and stays refused")
	use(t, reg, "default")
	busy.Release()
	_, ok := reg.Lookup("ci-busy")
	assert.True(t, ok, "in use when the hour passed")
	expired, _ := reg.Gone()
	assert.Equal(t, []string{"ci-1"}, expired)
	assert.Equal(t, uint64(1), reg.Stats().Expired)

	require.NoError(t, reg.Delete("ci-1"), "deleting acknowledges the expiry")
	use(t, reg, "ci-1")
	assert.NoError(t, tryUse(reg, "ci-1"), "the name starts afresh")

	wall.add(2 * time.Hour)
	reg.Sweep()
	_, ok = reg.Lookup("ci-busy")
	assert.False(t, ok, "a sweep gives back an idle namespace's memory")
}

// A saved namespace whose files fail to load is refused (410,
// NAMESPACE_STATE_UNREADABLE) rather than started afresh, until deleted.
func TestUnreadableNamespaceIsRefused(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 0)
	reg.SetKeeper(&memKeeper{saved: map[string]bool{}, broken: "kept as x.bad"})
	err := tryUse(reg, "team-a")
	require.Error(t, err)
	e := apierr.As(err)
	assert.Equal(t, 410, respond.Status(e.Kind))
	assert.Equal(t, namespaces.CodeUnreadable, e.Code)
	assert.Contains(t, e.Message, "kept as x.bad")
	assert.Error(t, tryUse(reg, "team-a"), "and stays refused, without another load")
	_, unreadable := reg.Gone()
	assert.Equal(t, []string{"team-a"}, unreadable)
	require.NoError(t, reg.Delete("team-a"))
	reg.SetKeeper(&memKeeper{saved: map[string]bool{}})
	assert.NoError(t, tryUse(reg, "team-a"))
}

// The _mockdex_ns parameter on a request a page of another site made
// may use a namespace but not create one; the header, a same-site page
// and a tool without Origin may.
func TestCrossSiteParameterCannotCreate(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 0)
	request := func(target string, headers ...string) error {
		r := httptest.NewRequest("GET", "http://localhost:8080"+target, nil)
		for i := 0; i < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		l, err := reg.HoldRequest(namespaces.MoveParam(r))
		if err == nil {
			l.Release()
		}
		return err
	}
	err := request("/x?_mockdex_ns=evil", "Sec-Fetch-Site", "cross-site")
	require.Error(t, err)
	assert.Equal(t, namespaces.CodeCrossSite, apierr.As(err).Code)
	assert.Equal(t, 403, respond.Status(apierr.As(err).Kind))
	assert.Error(t, request("/x?_mockdex_ns=evil", "Origin", "https://attacker.example"))
	assert.Error(t, request("/x?_mockdex_ns=evil", "Origin", "null"))
	_, ok := reg.Lookup("evil")
	assert.False(t, ok)

	assert.NoError(t, request("/x?_mockdex_ns=mine", "Sec-Fetch-Site", "same-site"))
	assert.NoError(t, request("/x?_mockdex_ns=mine2", "Origin", "http://localhost:3000"), "same host, another port")
	assert.NoError(t, request("/x?_mockdex_ns=mine3"), "curl")
	assert.NoError(t, request("/x?_mockdex_ns=mine", "Sec-Fetch-Site", "cross-site"), "an existing namespace is used from anywhere")
	assert.NoError(t, request("/x", "X-Mockdex-Namespace", "hdr", "Sec-Fetch-Site", "cross-site"),
		"the header needs a CORS preflight to be sent cross-site: the browser checked it")
}

// A memory bound with no room refuses a new namespace; existing ones
// go on.
func TestMemoryBoundRefusesNewNamespaces(t *testing.T) {
	runtime.GC() // the live heap is known from the first collection on
	reg := newRegistryWith(t, namespaces.TemplateOptions{}, namespaces.Options{Memory: membound.New(membound.Options{Limit: 1})})
	err := tryUse(reg, "new")
	require.Error(t, err)
	assert.Equal(t, membound.Code, apierr.As(err).Code)
	use(t, reg, "default")
}

// Stats counts what the namespaces hold.
func TestStatsCountsVisitsAndReports(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{HistoryDays: 1, Seed: 1}, 0)
	use(t, reg, "a")
	s := reg.Stats()
	assert.Equal(t, 2, s.Live)
	assert.Equal(t, 2*reg.World("a").Visits.Len(), s.Visits)
}

// Many clients opening namespaces at once against a full registry: every
// one is granted or refused, and the state holders stay.
func TestConcurrentCreationsNeverEvictState(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 10)
	touch(t, reg, "keep")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				name := fmt.Sprintf("p-%d-%d", g, i)
				if err := tryUse(reg, name); err == nil && i%2 == 0 {
					l, err := reg.Hold(name)
					if err == nil {
						l.Namespace().Clock().Advance(time.Minute)
						l.Release()
					}
				} else if err != nil {
					assert.Equal(t, namespaces.CodeLimit, apierr.As(err).Code)
				}
			}
		}()
	}
	wg.Wait()
	keep, ok := reg.Lookup("keep")
	require.True(t, ok)
	assert.Equal(t, mockdexEpoch().Add(time.Hour), keep.Clock().Now())
	assert.LessOrEqual(t, len(names(reg)), 10)
}

// memKeeper keeps names only; broken makes every load fail.
type memKeeper struct {
	mu     sync.Mutex
	saved  map[string]bool
	broken string
}

func (k *memKeeper) Load(name string, clk *clock.Controlled) (*fakes.World, func(*namespaces.Namespace), error) {
	if k.broken != "" {
		return nil, nil, errors.New(k.broken)
	}
	return nil, nil, nil
}

func (k *memKeeper) Keep(ns *namespaces.Namespace, w *fakes.World) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.saved[ns.Name()] = true
	return nil
}

func (k *memKeeper) Forget(name string) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	had := k.saved[name]
	delete(k.saved, name)
	return had, nil
}

func (k *memKeeper) Expire(name string) error {
	_, err := k.Forget(name)
	return err
}

// wall is a settable process clock.
type wall struct {
	mu sync.Mutex
	t  time.Time
}

func newWall() *wall { return &wall{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (w *wall) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.t
}

func (w *wall) add(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t = w.t.Add(d)
}

func mockdexEpoch() time.Time { return mockdextest.Epoch }
