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

// DepartmentSlotKey is the key of department d's slot at start offered by
// the provider npi. A retail department's slots are the site's own,
// whoever's NPI names them (its care team's, or none), so they are keyed
// without one: a booking through /retail, a provider booking and an EHR's
// slot-taken event for the same retail time all take one slot.
func DepartmentSlotKey(npi string, d Department, start time.Time) SlotKey {
	if d.IsRetail() {
		npi = ""
	}
	return NewSlotKey(npi, d.ID, start)
}

// HolderEHR holds a slot the EHR reported taken (POST /v5/slots/slot-taken)
// rather than a visit booked through mockdex.
const HolderEHR = "ehr"

// slotOwner is whose slots a group of keys are: one provider (or retail
// site) in one department.
type slotOwner struct{ npi, departmentID string }

// SlotBook records which in-person slots are taken and by whom.
type SlotBook struct {
	// mu guards taken; Take checks and marks under it, so racing takers
	// (bookings, slot-taken events) get exactly one winner.
	mu    sync.Mutex
	taken map[slotOwner]map[int64]string // owner → start (Unix seconds) → holder
}

// NewSlotBook returns an empty book.
func NewSlotBook() *SlotBook { return &SlotBook{taken: map[slotOwner]map[int64]string{}} }

// Take marks the slot as held by holder (a visit id, or HolderEHR) if it
// is free, atomically, and reports whether it did.
func (b *SlotBook) Take(k SlotKey, holder string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	o := slotOwner{k.NPI, k.DepartmentID}
	if _, held := b.taken[o][k.Start]; held {
		return false
	}
	if b.taken[o] == nil {
		b.taken[o] = map[int64]string{}
	}
	b.taken[o][k.Start] = holder
	return true
}

// Release frees the slot and says who held it ("" and false if nobody).
func (b *SlotBook) Release(k SlotKey) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	o := slotOwner{k.NPI, k.DepartmentID}
	holder, held := b.taken[o][k.Start]
	if held {
		delete(b.taken[o], k.Start)
	}
	return holder, held
}

// Holder is who holds the slot, if anyone.
func (b *SlotBook) Holder(k SlotKey) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	holder, held := b.taken[slotOwner{k.NPI, k.DepartmentID}][k.Start]
	return holder, held
}

// Taken reports whether the slot is held.
func (b *SlotBook) Taken(k SlotKey) bool {
	_, held := b.Holder(k)
	return held
}

// TakenStarts is a copy of the held start instants (Unix seconds) of one
// provider's (or retail department's) slots in a department, for listing
// many slots with one lock acquisition. Its cost is that owner's holds
// only, not every hold in the book.
func (b *SlotBook) TakenStarts(npi, departmentID string) map[int64]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	held := b.taken[slotOwner{npi, departmentID}]
	out := make(map[int64]bool, len(held))
	for start := range held {
		out[start] = true
	}
	return out
}
