package namespaces

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
)

// DefaultMax is the cap on live namespaces when Options.Max is zero.
const DefaultMax = 100

// Errors of Registry.Delete.
var (
	ErrNoNamespace      = errors.New("no such namespace")
	ErrDefaultNamespace = errors.New("the default namespace cannot be removed; POST /_mockdex/reset empties it")
)

// Registry holds the live namespaces: it creates one on first use, and
// keeps at most max of them, evicting the least recently used idle one to
// make room.
type Registry struct {
	root     *clock.Controlled
	template *fakes.Template // makes every world: a new namespace's, a reset's
	seed     int64
	max      int // < 1: no cap
	// wall orders namespaces by last use. It is the process's own time,
	// not a mock clock: a namespace whose clock stands still is still used.
	wall func() time.Time
	log  *slog.Logger

	// mu guards byName, busy and keeper. Requests for existing namespaces
	// share it (read); creating, evicting and deleting take it alone, so a
	// hold counted under the read lock is seen by eviction.
	mu     sync.RWMutex
	byName map[string]*Namespace
	// busy holds the names being made, evicted or deleted, each with a
	// channel closed when that is done: whoever wants the name meanwhile
	// waits, so a namespace is never loaded while its keeper is still
	// saving or removing it.
	busy   map[string]chan struct{}
	keeper Keeper // nil: namespaces live in memory only
}

// Options configure a Registry.
type Options struct {
	// Root is the default namespace's clock; every other namespace runs
	// on a fork of it taken when the namespace is made. Required.
	Root *clock.Controlled
	// Template makes every world (NewTemplate). Required.
	Template *fakes.Template
	// Seed seeds each namespace's fault rules (their random picks).
	Seed int64
	// Max caps the live namespaces, the default one included: 0 is
	// DefaultMax, a negative cap none.
	Max int
	// Logger gets what goes wrong out of a request's sight (a keeper
	// that cannot save); nil discards.
	Logger *slog.Logger
}

// New makes a registry holding the default namespace.
func New(o Options) *Registry {
	if o.Max == 0 {
		o.Max = DefaultMax
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	n := &Registry{root: o.Root, template: o.Template, seed: o.Seed, max: o.Max, wall: time.Now, log: o.Logger,
		byName: map[string]*Namespace{}, busy: map[string]chan struct{}{}}
	n.byName[Default] = n.newNamespace(Default, nil)
	return n
}

// Template makes the registry's worlds: a namespace's, a reset's, an
// imported state's (fakes.ImportWorld).
func (n *Registry) Template() *fakes.Template { return n.template }

// Max is the cap on live namespaces (below 1: none).
func (n *Registry) Max() int { return n.max }

// Clock is the default namespace's clock, the one every other
// namespace's clock was forked from.
func (n *Registry) Clock() *clock.Controlled { return n.root }

// build makes a fresh world on clk from the template.
func (n *Registry) build(clk *clock.Controlled) *fakes.World { return n.template.NewWorld(clk) }

// Hold leases the namespace called name, creating it when it does not
// exist. name must be valid (see Of). Release the lease when done.
func (n *Registry) Hold(name string) *Lease {
	return &Lease{reg: n, ns: n.hold(name)}
}

// Enter leases the namespace and read-locks its world, its timeline
// caught up to the namespace's clock: the one call a control-plane
// handler makes before it reads or changes the world. done unlocks and
// releases, in that order.
func (n *Registry) Enter(name string) (ns *Namespace, world *fakes.World, done func()) {
	l := n.Hold(name)
	world, leave := l.Enter()
	world.Catch(l.Namespace().Clock().Now())
	return l.Namespace(), world, func() { leave(); l.Release() }
}

// hold finds or creates the namespace and counts a hold on it.
func (n *Registry) hold(name string) *Namespace {
	n.mu.RLock()
	ns, ok := n.byName[name]
	if ok {
		n.count(ns)
	}
	n.mu.RUnlock()
	if ok {
		return ns
	}
	return n.holdNew(name)
}

// count records one more hold on ns; n.mu must be held (either way).
func (n *Registry) count(ns *Namespace) {
	ns.holds.Add(1)
	ns.lastUsed.Store(n.wall().UnixNano())
}

// holdNew creates the namespace (unless a racing request did) and counts
// a hold on it. The world is built, or loaded by the keeper, outside every
// lock, so requests for other namespaces never wait for it; requests for
// the same name wait for the one that makes it.
func (n *Registry) holdNew(name string) *Namespace {
	for {
		n.mu.Lock()
		if ns, ok := n.byName[name]; ok {
			n.count(ns)
			n.mu.Unlock()
			return ns
		}
		if wait, ok := n.busy[name]; ok {
			n.mu.Unlock()
			<-wait
			continue
		}
		n.busy[name] = make(chan struct{})
		keeper := n.keeper
		n.mu.Unlock()

		ns := n.newNamespace(name, keeper)
		n.mu.Lock()
		evicted := n.evictLocked()
		n.byName[name] = ns
		n.count(ns)
		n.doneLocked(name)
		n.mu.Unlock()
		n.retire(evicted, keeper)
		return ns
	}
}

// doneLocked ends a name's busy spell; n.mu must be held.
func (n *Registry) doneLocked(name string) {
	close(n.busy[name])
	delete(n.busy, name)
}

// newNamespace makes a namespace: the keeper's saved one if it has one,
// else a fresh world.
func (n *Registry) newNamespace(name string, keeper Keeper) *Namespace {
	clk := n.root
	if name != Default {
		clk = n.root.Fork()
	}
	now := n.wall()
	ns := &Namespace{name: name, clock: clk, faults: faults.NewStore(n.seed), created: now}
	ns.lastUsed.Store(now.UnixNano())
	if keeper != nil {
		if w, apply := keeper.Load(name, clk); w != nil {
			ns.world = w
			if apply != nil {
				apply(ns)
			}
			return ns
		}
	}
	ns.world = n.build(clk)
	return ns
}

// evictLocked removes least recently used idle namespaces until there is
// room for one more, marks their names busy and returns them for retire
// once n.mu is released. The default namespace is never evicted. When
// every other namespace has a request in flight, nothing is evicted and
// the cap is exceeded until they finish: refusing would fail a request
// for something no client did wrong. n.mu must be held.
func (n *Registry) evictLocked() []*Namespace {
	if n.max < 1 || len(n.byName) < n.max {
		return nil
	}
	var idle []*Namespace
	for _, ns := range n.byName {
		if ns.name != Default && ns.holds.Load() == 0 {
			idle = append(idle, ns)
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].lastUsed.Load() < idle[j].lastUsed.Load() })
	over := len(n.byName) - n.max + 1
	idle = idle[:min(over, len(idle))]
	for _, ns := range idle {
		delete(n.byName, ns.name)
		n.busy[ns.name] = make(chan struct{})
	}
	return idle
}

// retire drops evicted namespaces, each saved by the keeper first. One
// the keeper could not save goes back in the registry: the cap gives way
// before state is lost.
func (n *Registry) retire(evicted []*Namespace, keeper Keeper) {
	var keep func(*Namespace, *fakes.World) error
	if keeper != nil {
		keep = keeper.Keep
	}
	for _, ns := range evicted {
		err := ns.drop(keep)
		n.mu.Lock()
		if err != nil {
			n.log.Error("namespace: could not save it before eviction; keeping it in memory", "namespace", ns.name, "err", err)
			n.byName[ns.name] = ns
		}
		n.doneLocked(ns.name)
		n.mu.Unlock()
	}
}

// Lookup is the live namespace called name, without creating it.
func (n *Registry) Lookup(name string) (*Namespace, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ns, ok := n.byName[name]
	return ns, ok
}

// Reset gives the namespace (created if need be) a fresh world from the
// fixtures, once the requests in its old world have finished. Its clock
// and faults stay as they are, and so does its timeline, which plays
// again in the fresh world from the start.
func (n *Registry) Reset(name string) *Namespace {
	for {
		l := n.Hold(name)
		ns := l.Namespace()
		ok := ns.replace(func(clk *clock.Controlled) *fakes.World {
			w := n.build(clk)
			if old := ns.World(); old != nil {
				w.KeepTimeline(old)
			}
			return w
		}, nil)
		l.Release()
		if ok {
			return ns
		}
	}
}

// Delete removes a namespace, once the requests in its world have
// finished, and what the keeper saved of it (so a namespace evicted to
// disk can be deleted too). A later request under the same name starts a
// new one.
func (n *Registry) Delete(name string) error {
	if name == Default {
		return ErrDefaultNamespace
	}
	n.mu.Lock()
	for n.busy[name] != nil {
		wait := n.busy[name]
		n.mu.Unlock()
		<-wait
		n.mu.Lock()
	}
	ns, live := n.byName[name]
	delete(n.byName, name)
	keeper := n.keeper
	n.busy[name] = make(chan struct{})
	n.mu.Unlock()
	if live {
		_ = ns.drop(nil) // without a keep func it cannot fail
	}
	saved, err := false, error(nil)
	if keeper != nil {
		saved, err = keeper.Forget(name)
	}
	n.mu.Lock()
	n.doneLocked(name)
	n.mu.Unlock()
	switch {
	case err != nil:
		return fmt.Errorf("namespace %s: removing its saved state: %w", name, err)
	case !live && !saved:
		return ErrNoNamespace
	}
	return nil
}

// Info describes a live namespace.
type Info struct {
	Name     string
	Created  time.Time // wall time
	LastUsed time.Time // wall time
	Visits   int       // stored visits, generated history included
	Now      time.Time // the namespace's clock
	Clock    *clock.Controlled
}

// List describes the live namespaces, the default first, then by name.
func (n *Registry) List() []Info {
	n.mu.RLock()
	all := make([]*Namespace, 0, len(n.byName))
	for _, ns := range n.byName {
		all = append(all, ns)
	}
	n.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return namespaceLess(all[i].name, all[j].name) })
	out := make([]Info, 0, len(all))
	for _, ns := range all {
		out = append(out, ns.info())
	}
	return out
}

func namespaceLess(a, b string) bool {
	if (a == Default) != (b == Default) {
		return a == Default
	}
	return a < b
}

func (ns *Namespace) info() Info {
	ns.mu.RLock()
	visits := 0
	if ns.world != nil {
		visits = ns.world.Visits.Len()
	}
	ns.mu.RUnlock()
	return Info{Name: ns.name, Created: ns.created.UTC(), LastUsed: ns.LastUsed(),
		Visits: visits, Now: ns.clock.Now(), Clock: ns.clock}
}

// World is the namespace's current world, for in-process tests that look
// at state directly; requests use Lease.Enter instead.
func (n *Registry) World(name string) *fakes.World {
	ns, ok := n.Lookup(name)
	if !ok {
		return nil
	}
	ns.mu.RLock()
	defer ns.mu.RUnlock()
	return ns.world
}

// Namespace is one isolated mock: its own world, clock and faults. The
// default namespace is the one requests without a namespace use; it runs
// on the server's own clock (Options.Clock), every other one on a fork of
// it taken when the namespace was created.
type Namespace struct {
	name    string
	clock   *clock.Controlled
	faults  *faults.Store
	created time.Time // wall time

	lastUsed atomic.Int64 // wall time of the newest hold, Unix nanoseconds
	// holds counts leases not yet released: requests that have chosen
	// this namespace and not finished. A namespace with none is idle, and
	// only an idle namespace is evicted to make room.
	holds atomic.Int32
	// journalFrom hides journal entries up to this sequence number from
	// the namespace's view: DELETE /_mockdex/requests moves it.
	journalFrom atomic.Uint64

	// mu is read-held by every request while it uses world, and
	// write-held to replace the world (reset, import) or drop it
	// (deletion, eviction). So a write that answered is in the world later
	// reads see: a reset waits for the requests already in the world and
	// the ones after it start in the new one.
	mu    sync.RWMutex
	world *fakes.World // guarded by mu; nil once gone
	gone  bool         // guarded by mu; deleted or evicted: look the name up again
}

// Name is the namespace's name ("default" for the default namespace).
func (ns *Namespace) Name() string { return ns.name }

// Clock is the namespace's own clock.
func (ns *Namespace) Clock() *clock.Controlled { return ns.clock }

// Faults are the namespace's fault rules.
func (ns *Namespace) Faults() *faults.Store { return ns.faults }

// Created is the wall time the namespace was created.
func (ns *Namespace) Created() time.Time { return ns.created }

// LastUsed is the wall time a request last chose the namespace.
func (ns *Namespace) LastUsed() time.Time { return time.Unix(0, ns.lastUsed.Load()).UTC() }

// JournalFrom is the journal sequence number the namespace's view of the
// request journal starts after.
func (ns *Namespace) JournalFrom() uint64 { return ns.journalFrom.Load() }

// ClearJournal hides the journal entries up to seq from the namespace's
// view (entries only move forward: a smaller seq changes nothing).
func (ns *Namespace) ClearJournal(seq uint64) {
	for {
		old := ns.journalFrom.Load()
		if seq <= old || ns.journalFrom.CompareAndSwap(old, seq) {
			return
		}
	}
}

// replace swaps the world for build's, waiting for the requests in the
// old one to finish, and runs apply (if any) in the same swap. The new
// world is built first, so requests wait only for the swap. It reports
// false when the namespace is gone.
func (ns *Namespace) replace(build func(*clock.Controlled) *fakes.World, apply func(*Namespace)) bool {
	w := build(ns.clock)
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.gone {
		return false
	}
	ns.world = w
	if apply != nil {
		apply(ns)
	}
	return true
}

// drop ends the namespace once the requests in its world have finished;
// its memory goes with the last reference. keep, if not nil, runs first
// with the world still there (a keeper saving it); its error leaves the
// namespace as it was.
func (ns *Namespace) drop(keep func(*Namespace, *fakes.World) error) error {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if keep != nil && !ns.gone {
		if err := keep(ns, ns.world); err != nil {
			return err
		}
	}
	ns.gone, ns.world = true, nil
	return nil
}

// Lease is one request's hold on a namespace: while it is held the
// namespace is not idle, so it is not evicted. Enter read-locks the world
// for the request's work; Release ends the hold. A lease is used by one
// goroutine.
type Lease struct {
	reg *Registry
	ns  *Namespace
}

// Namespace is the leased namespace. It can change in Enter, when the one
// first leased was deleted in the meantime.
func (l *Lease) Namespace() *Namespace { return l.ns }

// Enter read-locks the namespace's world and returns it, with the func
// that unlocks it. If the namespace was deleted since it was leased, the
// lease moves to the namespace now under that name (created afresh), so
// the request never works in a world nobody will read again.
func (l *Lease) Enter() (*fakes.World, func()) {
	for {
		ns := l.ns
		ns.mu.RLock()
		if !ns.gone {
			return ns.world, ns.mu.RUnlock
		}
		ns.mu.RUnlock()
		l.ns = l.reg.hold(ns.name)
		ns.holds.Add(-1)
	}
}

// Release ends the hold. Call it once, after the func Enter returned.
func (l *Lease) Release() { l.ns.holds.Add(-1) }
