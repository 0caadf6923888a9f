package eventlog

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Store keeps provider history events sorted by (Timestamp, ID), the
// order the All Providers Report pages in. Events may be planned in the
// future (a visit's later transitions); searches only see those whose
// timestamp has passed by the mock clock.
type Store struct {
	changed func() // counts a change of the world

	mu   sync.RWMutex // guards recs, pending and the tables
	recs []rec        // sorted by (Timestamp, ID)
	// pending holds events added since the last read, unsorted: a visit
	// plans events minutes ahead, so inserting each in place would move
	// every later record, and a busy mock creates thousands a second.
	// Reads merge them in first (readLock, settleLocked).
	pending []rec
	dirty   atomic.Bool // pending is not empty
	actions table[string]
	visits  table[string]
	provs   table[provIdent]
	actors  table[actorIdent]
	ids     []string // event ids that are not derived; ids[0] unused
}

// New returns an empty store; changed (nil: none) is called on every
// change, for the world to count its changes.
func New(changed func()) *Store {
	if changed == nil {
		changed = func() {}
	}
	return &Store{changed: changed, actions: newTable[string](), visits: newTable[string](),
		provs: newTable[provIdent](), actors: newTable[actorIdent](), ids: []string{""}}
}

// Add stores events; the next read finds them in order.
func (s *Store) Add(evs ...Event) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range evs {
		s.pending = append(s.pending, s.encodeLocked(&evs[i], derivedID(&evs[i])))
	}
	s.dirty.Store(true)
	s.changed()
}

// settleLocked merges the pending records into the sorted ones in one
// pass; the caller holds s.mu for writing.
func (s *Store) settleLocked() {
	if len(s.pending) == 0 {
		return
	}
	add := s.pending
	s.pending = nil
	s.dirty.Store(false)
	sort.Slice(add, func(i, j int) bool { return s.recLessLocked(&add[i], &add[j]) })
	out := make([]rec, 0, len(s.recs)+len(add))
	i := 0
	for j := range add {
		for i < len(s.recs) && !s.recLessLocked(&add[j], &s.recs[i]) {
			out, i = append(out, s.recs[i]), i+1
		}
		out = append(out, add[j])
	}
	s.recs = append(out, s.recs[i:]...)
}

// readLock takes the read lock with no event pending; readers call it in
// place of s.mu.RLock.
func (s *Store) readLock() {
	if s.dirty.Load() {
		s.mu.Lock()
		s.settleLocked()
		s.mu.Unlock()
	}
	s.mu.RLock()
}

// Load replaces the contents with events that need not be sorted; used to
// seed history in bulk.
func (s *Store) Load(evs []Event) {
	// Sort positions, not events: an event is fourteen strings, which each
	// swap would copy (a fifth of building the history, at start-up).
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compare(&evs[i], &evs[j]) })
	fresh := New(s.changed)
	fresh.recs = make([]rec, len(evs))
	for i, k := range order {
		fresh.recs[i] = fresh.encodeLocked(&evs[k], derivedID(&evs[k]))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs, s.actions, s.visits, s.provs, s.actors, s.ids = fresh.recs, fresh.actions, fresh.visits, fresh.provs, fresh.actors, fresh.ids
	s.pending = nil
	s.dirty.Store(false)
	s.changed()
}

// RemoveVisit drops the visit's events that keep refuses; used when a
// visit's planned future changes (cancelled, declined) to drop the
// events it will no longer have.
func (s *Store) RemoveVisit(visitID string, keep func(Event) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked()
	v, ok := s.visits.ids[visitID]
	if !ok {
		return
	}
	out := s.recs[:0]
	for i := range s.recs {
		if r := &s.recs[i]; r.visit != v || keep(s.decodeLocked(r)) {
			out = append(out, *r)
		}
	}
	clear(s.recs[len(out):])
	s.recs = out
	s.changed()
}

// Len is the number of stored events, past and planned.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.recs) + len(s.pending)
}

// CloneShifted copies the store for a new world, every timestamp moved
// by shift (which keeps the order).
func (s *Store) CloneShifted(changed func(), shift time.Duration) *Store {
	s.readLock()
	defer s.mu.RUnlock()
	c := &Store{changed: changed, recs: append([]rec(nil), s.recs...),
		actions: s.actions.clone(), visits: s.visits.clone(), provs: s.provs.clone(), actors: s.actors.clone(),
		ids: append([]string(nil), s.ids...)}
	if shift != 0 {
		for i := range c.recs {
			at := c.recs[i].time().Add(shift)
			c.recs[i].sec, c.recs[i].nsec = at.Unix(), int32(at.Nanosecond())
		}
	}
	return c
}

// Each calls fn with every event in order, decoded, except that a
// derived id (the one ID gives) is left empty and derived set; fn must
// not call back into the store. An exporter keeps only the ids that are
// not derived.
func (s *Store) Each(fn func(e *Event, derived bool)) {
	s.readLock()
	defer s.mu.RUnlock()
	for i := range s.recs {
		e := s.decodeNoIDLocked(&s.recs[i])
		fn(&e, s.recs[i].id == 0)
	}
}

// Frozen is a copy of the store to read at leisure (an export): the
// records copied, the tables shared up to their current length (they
// only grow). It costs a copy of the records, not a decoding.
func (s *Store) Frozen() *Store {
	s.readLock()
	defer s.mu.RUnlock()
	return &Store{changed: func() {}, recs: slices.Clone(s.recs),
		actions: table[string]{list: s.actions.list[:len(s.actions.list):len(s.actions.list)]},
		visits:  table[string]{list: s.visits.list[:len(s.visits.list):len(s.visits.list)]},
		provs:   table[provIdent]{list: s.provs.list[:len(s.provs.list):len(s.provs.list)]},
		actors:  table[actorIdent]{list: s.actors.list[:len(s.actors.list):len(s.actors.list)]},
		ids:     s.ids[:len(s.ids):len(s.ids)]}
}

// Merge adds many events at once (an import): sorted, then merged with
// the stored ones in one pass. An empty id stands for the derived one.
func (s *Store) Merge(evs []Event) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked()
	add := make([]rec, len(evs))
	for i := range evs {
		add[i] = s.encodeLocked(&evs[i], evs[i].ID == "")
	}
	less := func(a, b rec) int {
		if s.recLessLocked(&a, &b) {
			return -1
		}
		return 1
	}
	if !slices.IsSortedFunc(add, less) { // a document exported by mockdex is sorted already
		sort.SliceStable(add, func(i, j int) bool { return s.recLessLocked(&add[i], &add[j]) })
	}
	out := make([]rec, 0, len(s.recs)+len(add))
	i, j := 0, 0
	for i < len(s.recs) && j < len(add) {
		if s.recLessLocked(&add[j], &s.recs[i]) {
			out, j = append(out, add[j]), j+1
		} else {
			out, i = append(out, s.recs[i]), i+1
		}
	}
	s.recs = append(append(out, s.recs[i:]...), add[j:]...)
	s.changed()
}

// EachOfVisits is Each restricted to the events of the given visits: one
// pass comparing table indexes, no decoding of the others, so a few
// visits' events cost a scan, not an export.
func (s *Store) EachOfVisits(visitIDs []string, fn func(e *Event, derived bool)) {
	if len(visitIDs) == 0 {
		return
	}
	s.readLock()
	defer s.mu.RUnlock()
	want := make(map[uint32]bool, len(visitIDs))
	for _, id := range visitIDs {
		if v, ok := s.visits.ids[id]; ok && v != 0 {
			want[v] = true
		}
	}
	if len(want) == 0 {
		return
	}
	for i := range s.recs {
		if want[s.recs[i].visit] {
			e := s.decodeNoIDLocked(&s.recs[i])
			fn(&e, s.recs[i].id == 0)
		}
	}
}
