package faults

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Store holds one namespace's faults in registration order.
type Store struct {
	mu     sync.Mutex // guards faults, nextID and rng
	faults []*Fault
	n      atomic.Int32 // len(faults), for calls that meet no fault to skip mu
	nextID int
	// rng decides probabilistic faults. Seeded, so the same requests in
	// the same order meet the same faults on every run.
	rng *rand.Rand
}

// NewStore returns an empty store whose probability draws follow seed.
func NewStore(seed int64) *Store {
	return &Store{rng: rand.New(rand.NewPCG(uint64(seed), 0x6d6f636b646578))}
}

// Add registers f, giving it the next id ("f1", "f2", ...). A fault
// built in Go without a kind gets the one Parse would give it.
func (s *Store) Add(f Fault) Fault {
	_ = f.settleKind() // an unknown kind was refused by Parse
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	f.ID = "f" + strconv.Itoa(s.nextID)
	stored := f.clone() // the caller's Times must not count this fault down
	s.faults = append(s.faults, &stored)
	s.n.Store(int32(len(s.faults)))
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
	s.n.Store(int32(len(kept)))
	return n
}

// Hit is a fault that applies to one call, with the wait drawn for it.
type Hit struct {
	Fault
	// Wait is the delay drawn for this call (0 for none).
	Wait time.Duration
}

// Take picks the fault that applies to one call: the first of the
// store's, in registration order, that matches it and whose probability
// roll passes; failing that, the first of windows (faults a timeline
// has open now: tried after the store's, never counted down or removed).
// It counts the use, draws the wait and drops a store fault whose times
// have run out.
func (s *Store) Take(c Call, windows []Fault) (Hit, bool) {
	if s.n.Load() == 0 && len(windows) == 0 {
		return Hit{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.Matches(c) || !s.roll(f.Probability) {
			continue
		}
		f.Fired++
		hit := Hit{Fault: f.clone(), Wait: f.Delay.Draw(s.rng)}
		if f.Times != nil {
			if *f.Times--; *f.Times <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
				s.n.Store(int32(len(s.faults)))
			}
		}
		return hit, true
	}
	for i := range windows {
		if f := &windows[i]; f.Matches(c) && s.roll(f.Probability) {
			return Hit{Fault: f.clone(), Wait: f.Delay.Draw(s.rng)}, true
		}
	}
	return Hit{}, false
}

// roll draws whether a fault of probability p applies; s.mu must be held.
func (s *Store) roll(p float64) bool { return p >= 1 || s.rng.Float64() < p }
