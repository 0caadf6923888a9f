package namespaces

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
)

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
