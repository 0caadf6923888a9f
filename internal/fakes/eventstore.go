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
	mu     sync.RWMutex // guards events, keys and dict
	events []ProviderEvent
	keys   []eventKey // keys[i] is events[i]'s folded fields, for search
	dict   *foldDict
}

// NewEventStore returns an empty store.
func NewEventStore() *EventStore { return &EventStore{dict: newFoldDict()} }

// Add inserts events, keeping the store sorted.
func (s *EventStore) Add(evs ...ProviderEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range evs {
		i := sort.Search(len(s.events), func(i int) bool { return eventLess(e, s.events[i]) })
		s.events = append(s.events, ProviderEvent{})
		copy(s.events[i+1:], s.events[i:])
		s.events[i] = e
		s.keys = append(s.keys, eventKey{})
		copy(s.keys[i+1:], s.keys[i:])
		s.keys[i] = s.dict.key(&e)
	}
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
	s.events, s.keys, s.dict = sorted, keys, dict
}

// RemoveVisit drops the visit's events that keep refuses; used when a
// visit's planned future changes (cancelled, declined) to drop the
// events it will no longer have.
func (s *EventStore) RemoveVisit(visitID string, keep func(ProviderEvent) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
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
	return len(s.events)
}

func eventLess(a, b ProviderEvent) bool {
	if !a.Timestamp.Equal(b.Timestamp) {
		return a.Timestamp.Before(b.Timestamp)
	}
	return a.ID < b.ID
}
