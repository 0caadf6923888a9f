package fakes

import (
	"sync"
	"time"
)

// SlotKey identifies a bookable slot for conflicts: the provider (empty
// for a retail department's own slots), the department and the start
// instant. Two visit types offered at the same start share one slot, so
// booking either takes it.
type SlotKey struct {
	NPI          string
	DepartmentID string
	Start        int64 // Unix seconds, so equal instants in any zone compare equal
}

// NewSlotKey builds a key.
func NewSlotKey(npi, departmentID string, start time.Time) SlotKey {
	return SlotKey{NPI: npi, DepartmentID: departmentID, Start: start.Unix()}
}

// SlotBook records which in-person slots are taken.
type SlotBook struct {
	mu    sync.Mutex         // guards taken; Take checks and marks under it, so racing bookings get one winner
	taken map[SlotKey]string // slot → id of the visit holding it
}

// NewSlotBook returns an empty book.
func NewSlotBook() *SlotBook { return &SlotBook{taken: map[SlotKey]string{}} }

// Take marks the slot as held by visitID if it is free, atomically, and
// reports whether it did.
func (b *SlotBook) Take(k SlotKey, visitID string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, held := b.taken[k]; held {
		return false
	}
	b.taken[k] = visitID
	return true
}

// Taken reports whether the slot is held.
func (b *SlotBook) Taken(k SlotKey) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, held := b.taken[k]
	return held
}

// TakenStarts is a copy of the held start instants (Unix seconds) of one
// provider's (or retail department's) slots in a department, for listing
// many slots with one lock acquisition.
func (b *SlotBook) TakenStarts(npi, departmentID string) map[int64]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[int64]bool{}
	for k := range b.taken {
		if k.NPI == npi && k.DepartmentID == departmentID {
			out[k.Start] = true
		}
	}
	return out
}
