package namespaces

import (
	"sort"
	"sync/atomic"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/membound"
)

// Codes of the refusals, where the answer's shape has a code.
const (
	// CodeLimit: the cap is reached and no namespace can make room (507).
	CodeLimit = "NAMESPACE_LIMIT_REACHED"
	// CodeExpired: the namespace expired (--namespace-idle-ttl) (410).
	CodeExpired = "NAMESPACE_EXPIRED"
	// CodeUnreadable: the namespace's saved state could not be read (410).
	CodeUnreadable = "NAMESPACE_STATE_UNREADABLE"
	// CodeCrossSite: a page on another site named a new namespace by the
	// _mockdex_ns parameter (403).
	CodeCrossSite = "NAMESPACE_CREATE_CROSS_SITE"
)

// holdsState says whether the namespace holds something a fresh one
// under its name would not: a change to its world, its clock or its
// faults, or state it was loaded or imported with. Only a namespace that
// holds none may be evicted without a keeper to save it.
func (ns *Namespace) holdsState() bool {
	if ns.kept.Load() {
		return true
	}
	if w := ns.current.Load(); w != nil && w.Changes() > 0 {
		return true
	}
	if at, wall := ns.clock.Reading(); !at.Equal(ns.clockAt) || !wall.Equal(ns.clockWall) {
		return true
	}
	return len(ns.faults.List()) > 0
}

// expiredLocked says whether ns has been idle longer than the idle TTL
// (never the default namespace, never one with a request in flight).
// n.mu is held either way.
func (n *Registry) expiredLocked(ns *Namespace) bool {
	return n.idleTTL > 0 && ns.name != Default && ns.holds.Load() == 0 &&
		n.wall().UnixNano()-ns.lastUsed.Load() > int64(n.idleTTL)
}

// sweepLocked takes every expired namespace out of the registry, marks
// its name busy and gone (expired), and returns them for retire once
// n.mu is released. n.mu is held for writing.
func (n *Registry) sweepLocked() []*Namespace {
	if n.idleTTL <= 0 {
		return nil
	}
	var out []*Namespace
	for name, ns := range n.byName {
		if n.expiredLocked(ns) {
			delete(n.byName, name)
			n.busy[name] = make(chan struct{})
			n.gone.expire(name)
			out = append(out, ns)
		}
	}
	return out
}

// Sweep expires the namespaces idle past the idle TTL now (the registry
// also sweeps whenever it makes a namespace); mockdex calls it now and
// then so an idle mock gives their memory back.
func (n *Registry) Sweep() {
	n.mu.Lock()
	expired := n.sweepLocked()
	keeper := n.keeper
	n.mu.Unlock()
	n.retire(expired, keeper, true)
}

// refuseLocked says why a namespace called name may not be made now, if
// it may not: its name is gone (expired, unreadable), a cross-site page
// named it, the memory bound has no room, or the cap is reached with no
// namespace that could make room. n.mu is held for writing.
func (n *Registry) refuseLocked(name string, how making) error {
	if how == force {
		return nil
	}
	if g, ok := n.gone.get(name); ok {
		if g.expired {
			n.stats.refused[refuseExpired].Add(1)
			return apierr.New(apierr.Gone,
				"Namespace %s expired after %s without a request (--namespace-idle-ttl) and its state is gone; DELETE /_mockdex/namespaces/%s to start it afresh, or use another name",
				name, n.idleTTL, name).WithCode(CodeExpired)
		}
		n.stats.refused[refuseUnreadable].Add(1)
		return unreadable(name, g.why)
	}
	if how == noCreate {
		n.stats.refused[refuseCrossSite].Add(1)
		return apierr.Forbiddenf("A page on another site may use a namespace by its %s parameter but not create one; create namespace %s with the %s header, or from the mock's own pages", Param, name, Header).
			WithCode(CodeCrossSite)
	}
	return n.memory.Admit(membound.Namespace)
}

// makeRoomLocked picks the namespaces to evict so that the new one fits
// under the cap, counting those being made, takes them out of the
// registry and marks them busy (retire drops them once n.mu is
// released). Only idle namespaces that may leave are picked, least
// recently used first. When none is idle, a keeper lets the cap give way
// while namespaces it may evict are in use; without one, the new
// namespace is refused. n.mu is held for writing.
func (n *Registry) makeRoomLocked(name string, how making) ([]*Namespace, error) {
	over := len(n.byName) + n.making + 1 - n.max
	if n.max < 1 || how == force || over <= 0 {
		return nil, nil
	}
	kept := n.keeper != nil
	var idle []*Namespace
	giveWay := false
	for _, ns := range n.byName {
		switch {
		case !evictable(ns, kept):
		case ns.holds.Load() == 0:
			idle = append(idle, ns)
		default:
			giveWay = kept
		}
	}
	if len(idle) == 0 && !giveWay {
		n.stats.refused[refuseLimit].Add(1)
		return nil, apierr.New(apierr.Full,
			"This mock holds its limit of %d namespaces (--max-namespaces), each holding state it would lose if evicted (there is no --data-dir to save it to); namespace %s is not created. Delete one you are done with (DELETE /_mockdex/namespaces/NAME), or start mockdex with a larger --max-namespaces or with --data-dir",
			n.max, name).WithCode(CodeLimit)
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].lastUsed.Load() < idle[j].lastUsed.Load() })
	idle = idle[:min(over, len(idle))]
	for _, ns := range idle {
		delete(n.byName, ns.name)
		n.busy[ns.name] = make(chan struct{})
	}
	return idle, nil
}

func unreadable(name, why string) error {
	return apierr.New(apierr.Gone,
		"Namespace %s's saved state could not be read and was set aside (%s); nothing is served in its place. DELETE /_mockdex/namespaces/%s to start it afresh, or fix the file and restart mockdex",
		name, why, name).WithCode(CodeUnreadable)
}

// evictable says whether ns may leave memory to make room: never the
// default namespace, and without a keeper never one that holds state.
func evictable(ns *Namespace, kept bool) bool {
	return ns.name != Default && (kept || !ns.holdsState())
}

// goneNames are names a request is refused under until they are
// deleted: expired namespaces and unreadable ones. At most maxGone are
// kept, the oldest forgotten first (a name forgotten starts afresh).
type goneNames struct {
	byName map[string]goneName
	order  []string // oldest first
}

type goneName struct {
	expired bool
	why     string // an unreadable one's reason
}

// maxGone bounds the names remembered as gone: a mock expiring a
// namespace per CI job for months does not grow without limit.
const maxGone = 10_000

func newGoneNames() goneNames { return goneNames{byName: map[string]goneName{}} }

func (g *goneNames) put(name string, v goneName) {
	if _, ok := g.byName[name]; !ok {
		g.order = append(g.order, name)
	}
	g.byName[name] = v
	for len(g.order) > maxGone {
		delete(g.byName, g.order[0])
		g.order = g.order[1:]
	}
}

func (g *goneNames) expire(name string)      { g.put(name, goneName{expired: true}) }
func (g *goneNames) broken(name, why string) { g.put(name, goneName{why: why}) }

func (g *goneNames) get(name string) (goneName, bool) {
	v, ok := g.byName[name]
	return v, ok
}

// clear forgets name, reporting whether it was gone.
func (g *goneNames) clear(name string) bool {
	if _, ok := g.byName[name]; !ok {
		return false
	}
	delete(g.byName, name)
	for i, n := range g.order {
		if n == name {
			g.order = append(g.order[:i], g.order[i+1:]...)
			break
		}
	}
	return true
}

// MarkExpired records names that expired before this process started (a
// keeper's record of them), so requests naming them are told so.
func (n *Registry) MarkExpired(names ...string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, name := range names {
		n.gone.expire(name)
	}
}

// MarkUnreadable records a name whose saved state could not be read, so
// requests naming it are told so rather than handed a fresh world.
func (n *Registry) MarkUnreadable(name, why string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.gone.broken(name, why)
}

// Gone lists the names refused as expired and as unreadable.
func (n *Registry) Gone() (expired, unreadable []string) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	for _, name := range n.gone.order {
		if n.gone.byName[name].expired {
			expired = append(expired, name)
		} else {
			unreadable = append(unreadable, name)
		}
	}
	return expired, unreadable
}

// The refusals Stats counts.
const (
	refuseLimit = iota
	refuseExpired
	refuseUnreadable
	refuseCrossSite
	refusals
)

type registryCounters struct {
	evicted, expired, broken atomic.Uint64
	refused                  [refusals]atomic.Uint64
}

// Stats is what the registry holds and has done, for /metrics.
type Stats struct {
	Live, Max int
	// Visits and Reports held, over every live namespace.
	Visits, Reports int
	// Evicted and Expired count namespaces that left memory; Unreadable,
	// saved ones that failed to load.
	Evicted, Expired, Unreadable uint64
	// Refused counts new namespaces refused, by cause: "limit",
	// "expired", "unreadable", "cross-site" (the memory bound counts its
	// own).
	Refused map[string]uint64
}

// Stats reads the registry's counters and what its namespaces hold.
func (n *Registry) Stats() Stats {
	n.mu.RLock()
	live := make([]*Namespace, 0, len(n.byName))
	for _, ns := range n.byName {
		live = append(live, ns)
	}
	n.mu.RUnlock()
	s := Stats{Live: len(live), Max: n.max, Evicted: n.stats.evicted.Load(), Expired: n.stats.expired.Load(),
		Unreadable: n.stats.broken.Load(), Refused: map[string]uint64{}}
	for _, ns := range live {
		if w := ns.current.Load(); w != nil {
			s.Visits += w.Visits.Len()
			s.Reports += w.Reports.Len()
		}
	}
	for i, name := range []string{"limit", "expired", "unreadable", "cross-site"} {
		s.Refused[name] = n.stats.refused[i].Load()
	}
	return s
}
