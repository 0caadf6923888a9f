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
	"github.com/mockdex/mockdex/internal/membound"
)

// DefaultMax is the cap on live namespaces when Options.Max is zero.
const DefaultMax = 100

// Errors of Registry.Delete.
var (
	ErrNoNamespace      = errors.New("no such namespace")
	ErrDefaultNamespace = errors.New("the default namespace cannot be removed; POST /_mockdex/reset empties it")
)

// Registry holds the live namespaces: it creates one on first use, and
// keeps at most max of them. To make room it evicts the least recently
// used idle namespace, but never one holding state that would be lost:
// without a keeper, a full registry refuses the new namespace instead
// (see policy.go).
type Registry struct {
	root     *clock.Controlled
	template *fakes.Template // makes every world: a new namespace's, a reset's
	seed     int64
	max      int // < 1: no cap
	// wall orders namespaces by last use and times their idleness. It is
	// the process's own time, not a mock clock: a namespace whose clock
	// stands still is still used.
	wall    func() time.Time
	idleTTL time.Duration   // > 0: namespaces idle that long expire
	memory  *membound.Bound // nil: no memory bound
	log     *slog.Logger
	stats   registryCounters // for /metrics

	// mu guards byName, busy, keeper and the gone names. Requests for
	// existing namespaces share it (read); creating, evicting and
	// deleting take it alone, so a hold counted under the read lock is
	// seen by eviction.
	mu     sync.RWMutex
	byName map[string]*Namespace
	// busy holds the names being made, evicted or deleted, each with a
	// channel closed when that is done: whoever wants the name meanwhile
	// waits, so a namespace is never loaded while its keeper is still
	// saving or removing it.
	busy   map[string]chan struct{}
	making int    // names in busy being made, counted against the cap
	keeper Keeper // nil: namespaces live in memory only
	// gone are names a request is refused under until someone deletes
	// them: expired ones, and ones whose saved state could not be read.
	gone goneNames
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
	// IdleTTL, when positive, expires a namespace (never the default
	// one) after that long without a request: it leaves memory (and the
	// data directory), and a request naming it is refused (410,
	// NAMESPACE_EXPIRED) until it is deleted (DELETE
	// /_mockdex/namespaces/NAME).
	IdleTTL time.Duration
	// Memory, when set, must admit a namespace before it is made.
	Memory *membound.Bound
	// Wall is the process's time, for last use and idleness; nil is
	// time.Now (tests give their own).
	Wall func() time.Time
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
	if o.Wall == nil {
		o.Wall = time.Now
	}
	n := &Registry{root: o.Root, template: o.Template, seed: o.Seed, max: o.Max, wall: o.Wall, log: o.Logger,
		idleTTL: o.IdleTTL, memory: o.Memory,
		byName: map[string]*Namespace{}, busy: map[string]chan struct{}{}, gone: newGoneNames()}
	def, _ := n.newNamespace(Default, nil)
	n.byName[Default] = def
	return n
}

// Template makes the registry's worlds: a namespace's, a reset's, an
// imported state's (fakes.ImportWorld).
func (n *Registry) Template() *fakes.Template { return n.template }

// Max is the cap on live namespaces (below 1: none).
func (n *Registry) Max() int { return n.max }

// IdleTTL is how long a namespace may stay idle before it expires (0:
// never).
func (n *Registry) IdleTTL() time.Duration { return n.idleTTL }

// Clock is the default namespace's clock, the one every other
// namespace's clock was forked from.
func (n *Registry) Clock() *clock.Controlled { return n.root }

// build makes a fresh world on clk from the template.
func (n *Registry) build(clk *clock.Controlled) *fakes.World { return n.template.NewWorld(clk) }

// Hold leases the namespace called name, creating it when it does not
// exist. name must be valid (see Of). It refuses (an *apierr.Error) a
// name that expired or whose saved state is unreadable, and a new
// namespace the cap or the memory bound has no room for. Release the
// lease when done.
func (n *Registry) Hold(name string) (*Lease, error) {
	ns, err := n.hold(name, create)
	if err != nil {
		return nil, err
	}
	return &Lease{reg: n, ns: ns}, nil
}

// Enter leases the namespace and read-locks its world, its timeline
// caught up to the namespace's clock: the one call a control-plane
// handler makes before it reads or changes the world. done unlocks and
// releases, in that order.
func (n *Registry) Enter(name string) (ns *Namespace, world *fakes.World, done func(), err error) {
	l, err := n.Hold(name)
	if err != nil {
		return nil, nil, nil, err
	}
	world, leave := l.Enter()
	world.Catch(l.Namespace().Clock().Now())
	return l.Namespace(), world, func() { leave(); l.Release() }, nil
}

// How hold may make a namespace that is not live.
type making int

const (
	create   making = iota // within the cap and the memory bound
	noCreate               // not at all: a cross-site request naming it by parameter
	force                  // whatever the limits: a request already admitted whose namespace was deleted under it
)

// hold finds or creates the namespace and counts a hold on it.
func (n *Registry) hold(name string, how making) (*Namespace, error) {
	n.mu.RLock()
	ns, ok := n.byName[name]
	if ok && !n.expiredLocked(ns) {
		n.count(ns)
		n.mu.RUnlock()
		return ns, nil
	}
	n.mu.RUnlock()
	return n.holdNew(name, how)
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
func (n *Registry) holdNew(name string, how making) (*Namespace, error) {
	for {
		n.mu.Lock()
		if ns, ok := n.byName[name]; ok && !n.expiredLocked(ns) {
			n.count(ns)
			n.mu.Unlock()
			return ns, nil
		}
		if wait, ok := n.busy[name]; ok {
			n.mu.Unlock()
			<-wait
			continue
		}
		keeper := n.keeper
		expired := n.sweepLocked() // the name itself, if it just expired, among them
		err := n.refuseLocked(name, how)
		var evicted []*Namespace
		if err == nil {
			evicted, err = n.makeRoomLocked(name, how)
		}
		if err != nil {
			n.mu.Unlock()
			n.retire(expired, keeper, true)
			return nil, err
		}
		n.busy[name] = make(chan struct{})
		n.making++
		n.mu.Unlock()
		n.retire(expired, keeper, true)
		n.retire(evicted, keeper, false)

		ns, err := n.newNamespace(name, keeper)
		n.mu.Lock()
		n.making--
		if err != nil {
			n.gone.broken(name, err.Error())
			n.stats.broken.Add(1)
			n.doneLocked(name)
			n.mu.Unlock()
			return nil, unreadable(name, err.Error())
		}
		n.byName[name] = ns
		n.count(ns)
		n.doneLocked(name)
		n.mu.Unlock()
		return ns, nil
	}
}

// doneLocked ends a name's busy spell; n.mu must be held.
func (n *Registry) doneLocked(name string) {
	close(n.busy[name])
	delete(n.busy, name)
}

// newNamespace makes a namespace: the keeper's saved one if it has one,
// else a fresh world. A saved one that cannot be read is an error: the
// name is then refused, never started afresh in its place.
func (n *Registry) newNamespace(name string, keeper Keeper) (*Namespace, error) {
	clk := n.root
	if name != Default {
		clk = n.root.Fork()
	}
	now := n.wall()
	ns := &Namespace{name: name, clock: clk, faults: faults.NewStore(n.seed), created: now}
	ns.lastUsed.Store(now.UnixNano())
	ns.clockAt, ns.clockWall = clk.Reading()
	if keeper != nil {
		w, apply, err := keeper.Load(name, clk)
		if err != nil {
			return nil, err
		}
		if w != nil {
			ns.setWorld(w)
			ns.kept.Store(true)
			if apply != nil {
				apply(ns)
			}
			return ns, nil
		}
	}
	ns.setWorld(n.build(clk))
	return ns, nil
}

// retire drops evicted or expired namespaces, each saved by the keeper
// first (evicted) or removed from it (expired). One the keeper could not
// save goes back in the registry: the cap gives way before state is lost.
func (n *Registry) retire(out []*Namespace, keeper Keeper, expired bool) {
	for _, ns := range out {
		var keep func(*Namespace, *fakes.World) error
		switch {
		case expired:
			keep = func(*Namespace, *fakes.World) error { return nil }
		case keeper != nil:
			keep = keeper.Keep
		}
		err := ns.drop(keep)
		if err == nil && expired && keeper != nil {
			if err = keeper.Expire(ns.name); err != nil {
				n.log.Error("namespace: recording an expiry in the data directory", "namespace", ns.name, "err", err)
				err = nil // it is gone from memory either way; a restart would bring back its last save
			}
		}
		n.mu.Lock()
		switch {
		case err != nil:
			n.log.Error("namespace: could not save it before eviction; keeping it in memory", "namespace", ns.name, "err", err)
			n.byName[ns.name] = ns
			ns.gone.Store(false)
		case expired:
			n.stats.expired.Add(1)
		default:
			n.stats.evicted.Add(1)
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
func (n *Registry) Reset(name string) (*Namespace, error) {
	for {
		l, err := n.Hold(name)
		if err != nil {
			return nil, err
		}
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
			return ns, nil
		}
	}
}

// Delete removes a namespace, once the requests in its world have
// finished, and what the keeper saved of it (so a namespace evicted to
// disk can be deleted too). It also clears a name that expired or whose
// saved state could not be read. A later request under the same name
// starts a new one.
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
	wasGone := n.gone.clear(name)
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
	case !live && !saved && !wasGone:
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
	// HoldsState says the namespace holds something a fresh one would
	// not (it is never evicted without a keeper to save it).
	HoldsState bool
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
	visits := 0
	if w := ns.current.Load(); w != nil {
		visits = w.Visits.Len()
	}
	return Info{Name: ns.name, Created: ns.created.UTC(), LastUsed: ns.LastUsed(),
		Visits: visits, Now: ns.clock.Now(), Clock: ns.clock, HoldsState: ns.holdsState()}
}

// World is the namespace's current world, for in-process tests that look
// at state directly; requests use Lease.Enter instead.
func (n *Registry) World(name string) *fakes.World {
	ns, ok := n.Lookup(name)
	if !ok {
		return nil
	}
	return ns.current.Load()
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
	// clockAt and clockWall are the clock's Reading when the namespace
	// was made: one that differs has been set or advanced.
	clockAt, clockWall time.Time

	lastUsed atomic.Int64 // wall time of the newest hold, Unix nanoseconds
	// holds counts leases not yet released: requests that have chosen
	// this namespace and not finished. A namespace with none is idle, and
	// only an idle namespace is evicted to make room.
	holds atomic.Int32
	// journalFrom hides journal entries up to this sequence number from
	// the namespace's view: DELETE /_mockdex/requests moves it.
	journalFrom atomic.Uint64
	// kept says the namespace was loaded from, or imported into: it
	// holds state whatever its world's change count says.
	kept atomic.Bool
	// current is world, readable without mu: by the registry judging the
	// namespace, and by persistence, which must never wait for mu (a
	// request in the world may be waiting for persistence).
	current atomic.Pointer[fakes.World]
	// gone is set once the namespace is deleted, evicted or expired.
	gone atomic.Bool

	// mu is read-held by every request while it uses world, and
	// write-held to replace the world (reset, import) or drop it
	// (deletion, eviction). So a write that answered is in the world later
	// reads see: a reset waits for the requests already in the world and
	// the ones after it start in the new one.
	mu    sync.RWMutex
	world *fakes.World // guarded by mu; nil once gone
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

// Current is the namespace's world now, without waiting for the requests
// in it: for persistence and metrics, which only read it (a request uses
// Lease.Enter). nil once the namespace is gone.
func (ns *Namespace) Current() *fakes.World { return ns.current.Load() }

// MarkKept records that the namespace holds state its world's change
// count does not show (a control-plane change: its clock, its faults), so
// it is never evicted without a keeper.
func (ns *Namespace) MarkKept() { ns.kept.Store(true) }

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

// setWorld sets the world; the caller holds mu for writing (or owns a
// namespace no one else sees yet).
func (ns *Namespace) setWorld(w *fakes.World) {
	ns.world = w
	ns.current.Store(w)
}

// replace swaps the world for build's, waiting for the requests in the
// old one to finish, and runs apply (if any) in the same swap. The new
// world is built first, so requests wait only for the swap. It reports
// false when the namespace is gone.
func (ns *Namespace) replace(build func(*clock.Controlled) *fakes.World, apply func(*Namespace)) bool {
	w := build(ns.clock)
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.gone.Load() {
		return false
	}
	ns.setWorld(w)
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
	if keep != nil && !ns.gone.Load() {
		if err := keep(ns, ns.world); err != nil {
			return err
		}
	}
	ns.gone.Store(true)
	ns.setWorld(nil)
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
// lease moves to the namespace now under that name (created afresh,
// whatever the limits: the request was admitted), so the request never
// works in a world nobody will read again.
func (l *Lease) Enter() (*fakes.World, func()) {
	for {
		ns := l.ns
		ns.mu.RLock()
		if !ns.gone.Load() {
			return ns.world, ns.mu.RUnlock
		}
		ns.mu.RUnlock()
		again, err := l.reg.hold(ns.name, force)
		if err != nil { // the name's saved state is unreadable: work in a world nobody keeps
			again = &Namespace{name: ns.name, clock: ns.clock, faults: ns.faults, created: ns.created}
			again.setWorld(l.reg.build(ns.clock))
			again.holds.Add(1)
		}
		l.ns = again
		ns.holds.Add(-1)
	}
}

// Release ends the hold. Call it once, after the func Enter returned.
func (l *Lease) Release() { l.ns.holds.Add(-1) }
