package fakes

import (
	"math"
	"sort"
	"sync"
	"time"
)

// VisitStore holds every visit of every kind.
type VisitStore struct {
	mu    sync.RWMutex      // guards byID, order and queueSpan
	byID  map[string]*Visit // visit id → visit
	order []*Visit          // by Created, then ID: the stable order reports and listings use
	// queueSpan is the longest any stored visit was planned to wait in a
	// queue: a queue read need not look further back than this.
	queueSpan time.Duration
}

// NewVisitStore returns an empty store.
func NewVisitStore() *VisitStore {
	return &VisitStore{byID: map[string]*Visit{}}
}

// Add stores a copy of v.
func (s *VisitStore) Add(v Visit) {
	c := v.clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[c.ID] = &c
	i := sort.Search(len(s.order), func(i int) bool { return visitLess(&c, s.order[i]) })
	s.order = append(s.order, nil)
	copy(s.order[i+1:], s.order[i:])
	s.order[i] = &c
	s.queueSpan = max(s.queueSpan, plannedWait(&c))
}

// plannedWait is how long v was planned to wait in a queue, from its
// creation to its first status past the queue; unbounded if its timeline
// never leaves it. Ending a visit early only shortens its wait, so a
// maximum taken when visits are added stays an upper bound.
func plannedWait(v *Visit) time.Duration {
	if !v.Kind.Queued() {
		return 0
	}
	for _, tr := range v.Timeline {
		if tr.Status != StatusRequested && tr.Status != StatusWaitingRoom {
			return tr.At.Sub(v.Created)
		}
	}
	return math.MaxInt64
}

// QueueSpan is the longest planned queue wait of any stored visit.
func (s *VisitStore) QueueSpan() time.Duration {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.queueSpan
}

func visitLess(a, b *Visit) bool {
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return a.ID < b.ID
}

// Get returns a copy of the visit with that id.
func (s *VisitStore) Get(id string) (Visit, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.byID[id]
	if !ok {
		return Visit{}, false
	}
	return v.clone(), true
}

// Update applies fn to the stored visit under the store's lock; fn must
// not call back into the store.
func (s *VisitStore) Update(id string, fn func(v *Visit) error) (Visit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.byID[id]
	if !ok {
		return Visit{}, errVisitNotFound
	}
	if err := fn(v); err != nil {
		return Visit{}, err
	}
	return v.clone(), nil
}

// Each calls fn with every visit created in [from, to), in stable order,
// until fn returns false. It holds the read lock throughout, so fn must be
// quick and must not call back into the store; the visit it gets must not
// be kept.
func (s *VisitStore) Each(from, to time.Time, fn func(v *Visit) bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	i := sort.Search(len(s.order), func(i int) bool { return !s.order[i].Created.Before(from) })
	for ; i < len(s.order) && s.order[i].Created.Before(to); i++ {
		if !fn(s.order[i]) {
			return
		}
	}
}

// Len is the number of stored visits.
func (s *VisitStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}
