package faults

import (
	"math/rand/v2"
	"strconv"
	"sync"
)

// Store holds one namespace's faults in registration order.
type Store struct {
	mu     sync.Mutex // guards faults, nextID and rng
	faults []*Fault
	nextID int
	// rng decides probabilistic faults. Seeded, so the same requests in
	// the same order meet the same faults on every run.
	rng *rand.Rand
}

// NewStore returns an empty store whose probability draws follow seed.
func NewStore(seed int64) *Store {
	return &Store{rng: rand.New(rand.NewPCG(uint64(seed), 0x6d6f636b646578))}
}

// Add registers f, giving it the next id ("f1", "f2", ...).
func (s *Store) Add(f Fault) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	f.ID = "f" + strconv.Itoa(s.nextID)
	stored := f.clone() // the caller's Times must not count this fault down
	s.faults = append(s.faults, &stored)
	return f.clone()
}

// List copies the faults out in registration order.
func (s *Store) List() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults))
	for _, f := range s.faults {
		out = append(out, f.clone())
	}
	return out
}

// Remove deletes the fault with id, or all faults when id is "". It
// reports how many went.
func (s *Store) Remove(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.faults[:0]
	for _, f := range s.faults {
		if id != "" && f.ID != id {
			kept = append(kept, f)
		}
	}
	n := len(s.faults) - len(kept)
	clear(s.faults[len(kept):])
	s.faults = kept
	return n
}

// Take picks the fault that applies to one request for opID: the first,
// in registration order, whose probability roll passes. It counts the
// use and drops a fault whose times have run out.
func (s *Store) Take(opID string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.OperationID != opID || (f.Probability < 1 && s.rng.Float64() >= f.Probability) {
			continue
		}
		f.Fired++
		if f.Times != nil {
			if *f.Times--; *f.Times <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return f.clone(), true
	}
	return Fault{}, false
}
