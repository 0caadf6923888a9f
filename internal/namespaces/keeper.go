package namespaces

import (
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
)

// A Keeper keeps namespaces beyond the process's memory (mockdex
// --data-dir): the registry asks it for a namespace's saved state before
// making a fresh one, hands it a namespace that eviction is about to drop,
// and has it forget a deleted one. The registry never calls it twice at
// once for one name, and never creates a namespace while the keeper is
// saving or forgetting it, so a reload never reads a file half done.
type Keeper interface {
	// Load rebuilds the namespace saved under name on clk, returning its
	// world and a Restore's apply (run once the namespace exists); a nil
	// world means nothing is saved under name. A saved namespace that
	// cannot be read is an error (the keeper sets its files aside): the
	// registry then refuses the name (410) until it is deleted, never
	// starting it afresh in its place.
	Load(name string, clk *clock.Controlled) (*fakes.World, func(*Namespace), error)
	// Keep saves a namespace eviction is about to drop, with its world
	// (write-locked: no request is in it); an error keeps the namespace
	// in memory (the cap is exceeded rather than state lost).
	Keep(ns *Namespace, world *fakes.World) error
	// Forget removes what is saved under name, and any record that it
	// expired or was unreadable, reporting whether there was anything.
	Forget(name string) (bool, error)
	// Expire removes what is saved under name and records that it
	// expired, so a request naming it after a restart is told so too.
	Expire(name string) error
}

// A Restore builds a namespace's world on its clock, checking everything
// first: on error nothing has changed. apply, run as the world is swapped
// in (the namespace write-locked), puts back what the world came with
// besides itself: the clock's time, the faults.
type Restore func(clk *clock.Controlled) (world *fakes.World, apply func(*Namespace), err error)

// SetKeeper makes the registry keep namespaces with k from now on. Set it
// before serving: namespaces already live are kept from their next save.
func (n *Registry) SetKeeper(k Keeper) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.keeper = k
}

// Import replaces the namespace's world (creating the namespace if need
// be) with the one r builds, as a reset does: r runs outside every lock,
// and requests in the old world finish before the swap; later ones see the
// new world. An error from r changes nothing.
func (n *Registry) Import(name string, r Restore) (*Namespace, error) {
	for {
		l, err := n.Hold(name)
		if err != nil {
			return nil, err
		}
		ns := l.Namespace()
		w, apply, err := r(ns.clock)
		if err != nil {
			l.Release()
			return nil, err
		}
		ok := ns.replace(func(*clock.Controlled) *fakes.World { return w }, apply)
		l.Release()
		if ok {
			ns.kept.Store(true)
			return ns, nil
		}
	}
}

// Live lists the namespaces in memory, for a keeper's saver.
func (n *Registry) Live() []*Namespace {
	n.mu.RLock()
	defer n.mu.RUnlock()
	out := make([]*Namespace, 0, len(n.byName))
	for _, ns := range n.byName {
		out = append(out, ns)
	}
	return out
}

// World is the namespace's current world, nil once it is gone: for a
// keeper saving it (a request uses Lease.Enter instead). It never waits
// for the requests in the world.
func (ns *Namespace) World() *fakes.World { return ns.current.Load() }
