package fakes

import (
	"sort"
	"sync"
)

// EventStore keeps provider history events sorted by (Timestamp, ID), the
// order the All Providers Report pages in. Events may be planned in the
// future (a visit's later transitions); searches only see those whose
// timestamp has passed by the mock clock.
type EventStore struct {
	mu     sync.RWMutex // guards events, keys, dict and pending
	events []ProviderEvent
	keys   []eventKey // keys[i] is events[i]'s folded fields, for search
	dict   *foldDict
	// pending holds events added since the last read, unsorted: a visit
	// plans events minutes ahead, so inserting each in place would move
	// every later event, and a busy mock creates thousands a second.
	// Reads merge them in first (settleLocked).
	pending []ProviderEvent
}

// NewEventStore returns an empty store.
func NewEventStore() *EventStore { return &EventStore{dict: newFoldDict()} }

// Add stores events; the next read finds them in order.
func (s *EventStore) Add(evs ...ProviderEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, evs...)
}

// settleLocked merges the pending events into the sorted ones, in one
// pass. The caller holds s.mu for writing.
func (s *EventStore) settleLocked() {
	if len(s.pending) == 0 {
		return
	}
	add := s.pending
	s.pending = nil
	sort.Slice(add, func(i, j int) bool { return eventLess(add[i], add[j]) })
	events := make([]ProviderEvent, 0, len(s.events)+len(add))
	keys := make([]eventKey, 0, len(s.events)+len(add))
	i := 0
	for _, e := range add {
		for i < len(s.events) && !eventLess(e, s.events[i]) {
			events, keys = append(events, s.events[i]), append(keys, s.keys[i])
			i++
		}
		events, keys = append(events, e), append(keys, s.dict.key(&e))
	}
	s.events = append(events, s.events[i:]...)
	s.keys = append(keys, s.keys[i:]...)
}

// settle merges pending events before a read.
func (s *EventStore) settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked()
}

// Load replaces the contents with events that need not be sorted; used to
// seed history in bulk.
func (s *EventStore) Load(evs []ProviderEvent) {
	sorted := append([]ProviderEvent(nil), evs...)
	sort.Slice(sorted, func(i, j int) bool { return eventLess(sorted[i], sorted[j]) })
	dict := newFoldDict()
	keys := make([]eventKey, len(sorted))
	for i := range sorted {
		keys[i] = dict.key(&sorted[i])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events, s.keys, s.dict, s.pending = sorted, keys, dict, nil
}

// RemoveVisit drops the visit's events that keep refuses; used when a
// visit's planned future changes (cancelled, declined) to drop the
// events it will no longer have.
func (s *EventStore) RemoveVisit(visitID string, keep func(ProviderEvent) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked()
	out, keys := s.events[:0], s.keys[:0]
	for i, e := range s.events {
		if e.VisitID != visitID || keep(e) {
			out = append(out, e)
			keys = append(keys, s.keys[i])
		}
	}
	s.events, s.keys = out, keys
}

// Len is the number of stored events, past and planned.
func (s *EventStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.events) + len(s.pending)
}

func eventLess(a, b ProviderEvent) bool {
	if !a.Timestamp.Equal(b.Timestamp) {
		return a.Timestamp.Before(b.Timestamp)
	}
	return a.ID < b.ID
}
