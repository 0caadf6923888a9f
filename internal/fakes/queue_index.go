package fakes

import (
	"container/heap"
	"maps"
	"math"
	"sort"
	"sync"
)

// A create reads the queue to place its visit, and a queue read used to
// scan every visit created within the longest planned wait: under load,
// with a queue that does not drain, each create cost in proportion to
// the visits waiting. waitIndex keeps, pool by pool, the count of
// visits waiting at the last read, and moves it forward from there:
// a read costs the visits that joined or left the queue since the last
// one. Anything else (a stored visit changed, the clock set back) makes
// the next read count afresh, as the scan did.

// waitIndex is the per-pool count of waiting visits at the instant at;
// it is guarded by its own mutex, taken with the store's read lock held.
type waitIndex struct {
	mu     sync.Mutex
	built  bool
	gen    uint64 // the store's gen when counted
	n      int    // records recs[:n] are accounted for
	at     instant
	counts map[poolSyms]int
	ends   endHeap // when each counted visit leaves its queue
	later  []int32 // records created after at, not yet counted
}

// queueRun is the one stretch of time a regular queued record waits:
// from its first step until end (the first step past the queue; never,
// if none). regular is false for a record that does not queue, or does not
// start in the queue, or comes back to it after leaving: those are
// odd, and a read judges them one by one.
func (r *visitRec) queueRun() (end instant, regular bool) {
	if !r.queued() || len(r.timeline) == 0 || !waitingSym(r.timeline[0].status) {
		return instant{}, false
	}
	end = instant{sec: math.MaxInt64}
	left := false
	for _, s := range r.timeline {
		switch {
		case !waitingSym(s.status) && !left:
			end, left = s.at(), true
		case waitingSym(s.status) && left:
			return instant{}, false // back in the queue
		}
	}
	return end, true
}

// waitingSym reports whether a status is one of waiting in a queue.
func waitingSym(s sym) bool { return s == symRequested || s == symWaitingRoom }

// odd reports whether a stored record must be judged one by one.
func (r *visitRec) odd() bool {
	_, regular := r.queueRun()
	return r.queued() && !regular
}

// waitingCounts is the number of visits waiting at now in each pool,
// counting the records created in [from, now]: the regular ones by the
// index, the odd ones one by one, as every record once was. Both under
// one read lock, so a change between them cannot count a record twice.
// The map is the caller's; nil when no visit waits.
func (s *VisitStore) waitingCounts(from, now instant) map[poolSyms]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	x := &s.waits
	x.mu.Lock()
	if !x.built || x.gen != s.gen || now.before(x.at) {
		x.rebuild(s, from, now)
	} else {
		x.advance(s, now)
	}
	var out map[poolSyms]int
	if len(x.counts) > 0 {
		out = maps.Clone(x.counts)
	}
	x.mu.Unlock()
	for i := range s.odd {
		r := &s.recs[i]
		if c := r.created(); !c.before(from) && !now.before(c) && r.waitingAt(now) {
			if out == nil {
				out = map[poolSyms]int{}
			}
			out[r.pool()]++
		}
	}
	return out
}

// rebuild counts afresh at now: only records created from from on can
// wait now or later (a regular record waits at most the store's
// queueSpan, which from is now less).
func (x *waitIndex) rebuild(s *VisitStore, from, now instant) {
	x.built, x.gen, x.n, x.at = true, s.gen, len(s.recs), now
	x.counts, x.ends, x.later = map[poolSyms]int{}, x.ends[:0], x.later[:0]
	k := s.firstFrom(from)
	for _, i := range s.order[k:] {
		x.take(s, i, now)
	}
}

// firstFrom is the position in order of the first record created at
// or after from; the caller holds s.mu.
func (s *VisitStore) firstFrom(from instant) int {
	return sort.Search(len(s.order), func(k int) bool { return !s.recs[s.order[k]].created().before(from) })
}

// advance moves the counts from x.at forward to now.
func (x *waitIndex) advance(s *VisitStore, now instant) {
	for i := x.n; i < len(s.recs); i++ {
		x.take(s, int32(i), now)
	}
	x.n = len(s.recs)
	if len(x.later) > 0 {
		later := x.later
		x.later = nil
		for _, i := range later {
			x.take(s, i, now)
		}
	}
	for len(x.ends) > 0 && !now.before(x.ends[0].end) {
		e := heap.Pop(&x.ends).(queueEnd)
		if x.counts[e.pool]--; x.counts[e.pool] == 0 {
			delete(x.counts, e.pool)
		}
	}
	x.at = now
}

// take counts record i if it waits at now, or keeps it for later if it
// was created after now.
func (x *waitIndex) take(s *VisitStore, i int32, now instant) {
	r := &s.recs[i]
	end, regular := r.queueRun()
	switch {
	case !regular:
	case now.before(r.created()):
		x.later = append(x.later, i)
	case now.before(end):
		ps := r.pool()
		x.counts[ps]++
		heap.Push(&x.ends, queueEnd{end, ps})
	}
}

// queueEnd is when a counted visit leaves its pool's queue.
type queueEnd struct {
	end  instant
	pool poolSyms
}

type endHeap []queueEnd

func (h endHeap) Len() int           { return len(h) }
func (h endHeap) Less(i, j int) bool { return h[i].end.before(h[j].end) }
func (h endHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)        { *h = append(*h, x.(queueEnd)) }
func (h *endHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
