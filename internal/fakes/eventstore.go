package fakes

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// EventStore keeps provider history events sorted by (Timestamp, ID), the
// order the All Providers Report pages in. Events may be planned in the
// future (a visit's later transitions); searches only see those whose
// timestamp has passed by the mock clock.
type EventStore struct {
	changed func() // counts a change of the world

	mu   sync.RWMutex // guards recs, pending and the tables
	recs []eventRec   // sorted by (Timestamp, ID)
	// pending holds events added since the last read, unsorted: a visit
	// plans events minutes ahead, so inserting each in place would move
	// every later record, and a busy mock creates thousands a second.
	// Reads merge them in first (readLock, settleLocked).
	pending []eventRec
	dirty   atomic.Bool // pending is not empty
	actions table[string]
	visits  table[string]
	provs   table[provIdent]
	actors  table[actorIdent]
	ids     []string // event ids that are not derived; ids[0] unused
}

// NewEventStore returns an empty store.
func NewEventStore() *EventStore { return newEventStore(func() {}) }

func newEventStore(changed func()) *EventStore {
	return &EventStore{changed: changed, actions: newTable[string](), visits: newTable[string](),
		provs: newTable[provIdent](), actors: newTable[actorIdent](), ids: []string{""}}
}

// Add stores events; the next read finds them in order.
func (s *EventStore) Add(evs ...ProviderEvent) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range evs {
		s.pending = append(s.pending, s.encodeLocked(&evs[i], derivedEventID(&evs[i])))
	}
	s.dirty.Store(true)
	s.changed()
}

// settleLocked merges the pending records into the sorted ones in one
// pass; the caller holds s.mu for writing.
func (s *EventStore) settleLocked() {
	if len(s.pending) == 0 {
		return
	}
	add := s.pending
	s.pending = nil
	s.dirty.Store(false)
	sort.Slice(add, func(i, j int) bool { return s.recLessLocked(&add[i], &add[j]) })
	out := make([]eventRec, 0, len(s.recs)+len(add))
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
func (s *EventStore) readLock() {
	if s.dirty.Load() {
		s.mu.Lock()
		s.settleLocked()
		s.mu.Unlock()
	}
	s.mu.RLock()
}

// Load replaces the contents with events that need not be sorted; used to
// seed history in bulk.
func (s *EventStore) Load(evs []ProviderEvent) {
	// Sort positions, not events: an event is fourteen strings, which each
	// swap would copy (a fifth of building the history, at start-up).
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compareEvents(&evs[i], &evs[j]) })
	fresh := newEventStore(s.changed)
	fresh.recs = make([]eventRec, len(evs))
	for i, k := range order {
		fresh.recs[i] = fresh.encodeLocked(&evs[k], derivedEventID(&evs[k]))
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
func (s *EventStore) RemoveVisit(visitID string, keep func(ProviderEvent) bool) {
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
func (s *EventStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.recs) + len(s.pending)
}

// compareEvents orders events as the store keeps them, by (Timestamp, ID).
func compareEvents(a, b *ProviderEvent) int {
	if c := a.Timestamp.Compare(b.Timestamp); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// cloneShifted copies the store for a new world, every timestamp moved
// by shift (which keeps the order).
func (s *EventStore) cloneShifted(changed func(), shift time.Duration) *EventStore {
	s.readLock()
	defer s.mu.RUnlock()
	c := &EventStore{changed: changed, recs: append([]eventRec(nil), s.recs...),
		actions: s.actions.clone(), visits: s.visits.clone(), provs: s.provs.clone(), actors: s.actors.clone(),
		ids: append([]string(nil), s.ids...)}
	if shift != 0 {
		for i := range c.recs {
			at := c.recs[i].at().time().Add(shift)
			c.recs[i].sec, c.recs[i].nsec = at.Unix(), int32(at.Nanosecond())
		}
	}
	return c
}

// each calls fn with every event in order, decoded, except that a
// derived id is left empty (and derived set); fn must not call back into
// the store.
func (s *EventStore) each(fn func(e *ProviderEvent, derived bool)) {
	s.readLock()
	defer s.mu.RUnlock()
	for i := range s.recs {
		e := s.decodeNoIDLocked(&s.recs[i])
		fn(&e, s.recs[i].id == 0)
	}
}
