package server

import (
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
)

// DefaultMaxNamespaces is the cap on live namespaces when
// Options.MaxNamespaces is zero.
const DefaultMaxNamespaces = 100

// Errors of Namespaces.Delete.
var (
	ErrNoNamespace      = errors.New("no such namespace")
	ErrDefaultNamespace = errors.New("the default namespace cannot be removed; POST /_mockdex/reset empties it")
)

// Namespaces is the registry of live namespaces: it creates one on first
// use, and keeps at most max of them, evicting the least recently used
// idle one to make room.
type Namespaces struct {
	root  *clock.Controlled
	build func(*clock.Controlled) *fakes.World
	seed  int64
	max   int // < 1: no cap
	// wall orders namespaces by last use. It is the process's own time,
	// not a mock clock: a namespace whose clock stands still is still used.
	wall func() time.Time

	// mu guards byName. Requests for existing namespaces share it (read);
	// creating, evicting and deleting take it alone, so a hold counted
	// under the read lock is seen by eviction.
	mu     sync.RWMutex
	byName map[string]*Namespace
}

func newNamespaces(root *clock.Controlled, seed int64, max int, build func(*clock.Controlled) *fakes.World) *Namespaces {
	n := &Namespaces{root: root, build: build, seed: seed, max: max, wall: time.Now, byName: map[string]*Namespace{}}
	n.byName[DefaultNamespace] = n.newNamespace(DefaultNamespace)
	return n
}

// Hold leases the namespace called name, creating it when it does not
// exist. name must be valid (see NamespaceOf). Release the lease when done.
func (n *Namespaces) Hold(name string) *Lease {
	return &Lease{reg: n, ns: n.hold(name)}
}

// Enter leases the namespace and read-locks its world: the one call a
// control-plane handler makes before it reads or changes the world. done
// unlocks and releases, in that order.
func (n *Namespaces) Enter(name string) (ns *Namespace, world *fakes.World, done func()) {
	l := n.Hold(name)
	world, leave := l.Enter()
	return l.Namespace(), world, func() { leave(); l.Release() }
}

// hold finds or creates the namespace and counts a hold on it.
func (n *Namespaces) hold(name string) *Namespace {
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
func (n *Namespaces) count(ns *Namespace) {
	ns.holds.Add(1)
	ns.lastUsed.Store(n.wall().UnixNano())
}

// holdNew creates the namespace (unless a racing request just did) and
// counts a hold on it. The world is built before taking the lock, so
// requests for other namespaces never wait for it.
func (n *Namespaces) holdNew(name string) *Namespace {
	fresh := n.newNamespace(name)
	n.mu.Lock()
	ns, ok := n.byName[name]
	var evicted []*Namespace
	if !ok {
		evicted = n.evictLocked()
		ns = fresh
		n.byName[name] = ns
	}
	n.count(ns)
	n.mu.Unlock()
	for _, e := range evicted {
		e.drop() // idle: nobody is in its world to wait for
	}
	return ns
}

// newNamespace makes a namespace with a fresh world.
func (n *Namespaces) newNamespace(name string) *Namespace {
	clk := n.root
	if name != DefaultNamespace {
		clk = n.root.Fork()
	}
	now := n.wall()
	ns := &Namespace{name: name, clock: clk, faults: faults.NewStore(n.seed), created: now}
	ns.lastUsed.Store(now.UnixNano())
	ns.world = n.build(clk)
	return ns
}

// evictLocked removes least recently used idle namespaces until there is
// room for one more, and returns them for dropping once n.mu is
// released. The default namespace is never evicted. When every other
// namespace has a request in flight, nothing is evicted and the cap is
// exceeded until they finish: refusing would fail a request for
// something no client did wrong. n.mu must be held.
func (n *Namespaces) evictLocked() []*Namespace {
	if n.max < 1 || len(n.byName) < n.max {
		return nil
	}
	var idle []*Namespace
	for _, ns := range n.byName {
		if ns.name != DefaultNamespace && ns.holds.Load() == 0 {
			idle = append(idle, ns)
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].lastUsed.Load() < idle[j].lastUsed.Load() })
	over := len(n.byName) - n.max + 1
	idle = idle[:min(over, len(idle))]
	for _, ns := range idle {
		delete(n.byName, ns.name)
	}
	return idle
}

// Lookup is the live namespace called name, without creating it.
func (n *Namespaces) Lookup(name string) (*Namespace, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ns, ok := n.byName[name]
	return ns, ok
}

// Reset gives the namespace (created if need be) a fresh world from the
// fixtures, once the requests in its old world have finished. Its clock
// and faults stay as they are.
func (n *Namespaces) Reset(name string) *Namespace {
	for {
		l := n.Hold(name)
		ns := l.Namespace()
		ok := ns.replace(n.build)
		l.Release()
		if ok {
			return ns
		}
	}
}

// Delete removes a namespace, once the requests in its world have
// finished. A later request under the same name starts a new one.
func (n *Namespaces) Delete(name string) error {
	if name == DefaultNamespace {
		return ErrDefaultNamespace
	}
	n.mu.Lock()
	ns, ok := n.byName[name]
	delete(n.byName, name)
	n.mu.Unlock()
	if !ok {
		return ErrNoNamespace
	}
	ns.drop()
	return nil
}

// NamespaceInfo describes a live namespace.
type NamespaceInfo struct {
	Name     string
	Created  time.Time // wall time
	LastUsed time.Time // wall time
	Visits   int       // stored visits, generated history included
	Now      time.Time // the namespace's clock
	Clock    *clock.Controlled
}

// List describes the live namespaces, the default first, then by name.
func (n *Namespaces) List() []NamespaceInfo {
	n.mu.RLock()
	all := make([]*Namespace, 0, len(n.byName))
	for _, ns := range n.byName {
		all = append(all, ns)
	}
	n.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return namespaceLess(all[i].name, all[j].name) })
	out := make([]NamespaceInfo, 0, len(all))
	for _, ns := range all {
		out = append(out, ns.info())
	}
	return out
}

func namespaceLess(a, b string) bool {
	if (a == DefaultNamespace) != (b == DefaultNamespace) {
		return a == DefaultNamespace
	}
	return a < b
}

func (ns *Namespace) info() NamespaceInfo {
	ns.mu.RLock()
	visits := 0
	if ns.world != nil {
		visits = ns.world.Visits.Len()
	}
	ns.mu.RUnlock()
	return NamespaceInfo{Name: ns.name, Created: ns.created.UTC(), LastUsed: ns.LastUsed(),
		Visits: visits, Now: ns.clock.Now(), Clock: ns.clock}
}

// World is the namespace's current world, for in-process tests that look
// at state directly; requests use Lease.Enter instead.
func (n *Namespaces) World(name string) *fakes.World {
	ns, ok := n.Lookup(name)
	if !ok {
		return nil
	}
	ns.mu.RLock()
	defer ns.mu.RUnlock()
	return ns.world
}
