package fakes

import (
	"cmp"
	"maps"
	"slices"
)

// Release frees the slot if visitID holds it; used when a booking that
// took a slot could not be stored after all.
func (b *SlotBook) Release(k SlotKey, visitID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.taken[k] == visitID {
		delete(b.taken, k)
	}
}

// TakenSlot is a held slot and the visit holding it.
type TakenSlot struct {
	Key     SlotKey
	VisitID string
}

// All lists the held slots in a stable order (start, department, NPI).
func (b *SlotBook) All() []TakenSlot {
	b.mu.Lock()
	defer b.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(b.taken), func(x, y SlotKey) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.DepartmentID, y.DepartmentID), cmp.Compare(x.NPI, y.NPI))
	})
	out := make([]TakenSlot, len(keys))
	for i, k := range keys {
		out[i] = TakenSlot{k, b.taken[k]}
	}
	return out
}

// Len is the number of held slots.
func (b *SlotBook) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.taken)
}
