package server

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// Fault is a registered fault: when a request for OperationID has passed
// routing and validation, the fault may delay it and/or answer it in the
// handler's place.
type Fault struct {
	ID          string `json:"id"`
	OperationID string `json:"operationId"`
	// Status answers in the handler's place; 0 means delay only.
	Status int `json:"status,omitempty"`
	// Body is sent as is; nil means the operation's own error shape.
	Body  json.RawMessage `json:"body,omitempty"`
	Delay time.Duration   `json:"-"`
	// Times left before the fault removes itself; nil means until removed.
	Times       *int    `json:"times"`
	Probability float64 `json:"probability"`
	// Fired counts the requests the fault has applied to.
	Fired int `json:"fired"`
}

// MarshalJSON writes Delay in Go syntax, as it is sent ("2s").
func (f Fault) MarshalJSON() ([]byte, error) {
	type plain Fault
	return json.Marshal(struct {
		plain
		Delay string `json:"delay,omitempty"`
	}{plain(f), durationText(f.Delay)})
}

func durationText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// clone copies f so callers never share Times or Body with the store
// (writeFault appends to the body it gets).
func (f *Fault) clone() Fault {
	c := *f
	c.Body = bytes.Clone(f.Body)
	if f.Times != nil {
		n := *f.Times
		c.Times = &n
	}
	return c
}

// faultStore holds the registered faults in registration order.
type faultStore struct {
	mu     sync.Mutex // guards faults, nextID and rng
	faults []*Fault
	nextID int
	// rng decides probabilistic faults. Seeded from Options.Seed, so the
	// same requests in the same order meet the same faults on every run.
	rng *rand.Rand
}

func newFaultStore(seed int64) *faultStore {
	return &faultStore{rng: rand.New(rand.NewPCG(uint64(seed), 0x6d6f636b646578))}
}

// add registers f, giving it the next id.
func (s *faultStore) add(f Fault) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	f.ID = "f" + strconv.Itoa(s.nextID)
	stored := f.clone() // the caller's Times must not count this fault down
	s.faults = append(s.faults, &stored)
	return f.clone()
}

// list copies the faults out in registration order.
func (s *faultStore) list() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults))
	for _, f := range s.faults {
		out = append(out, f.clone())
	}
	return out
}

// remove deletes the fault with id, or all faults when id is "". It
// reports how many went.
func (s *faultStore) remove(id string) int {
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

// take picks the fault that applies to one request for opID: the first,
// in registration order, whose probability roll passes. It counts the
// use and drops a fault whose times have run out.
func (s *faultStore) take(opID string) (Fault, bool) {
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
