package fakes

import (
	"cmp"
	"slices"
)

// ReleaseIf frees the slot if holder holds it; used when a booking that
// took a slot could not be stored after all.
func (b *SlotBook) ReleaseIf(k SlotKey, holder string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	o := slotOwner{k.NPI, k.DepartmentID}
	if b.taken[o][k.Start] == holder {
		delete(b.taken[o], k.Start)
	}
}

// TakenSlot is a held slot and its holder: a visit id, or HolderEHR.
type TakenSlot struct {
	Key    SlotKey
	Holder string
}

// All lists the held slots in a stable order (start, department, NPI).
func (b *SlotBook) All() []TakenSlot {
	b.mu.Lock()
	var out []TakenSlot
	for o, starts := range b.taken {
		for start, holder := range starts {
			out = append(out, TakenSlot{SlotKey{NPI: o.npi, DepartmentID: o.departmentID, Start: start}, holder})
		}
	}
	b.mu.Unlock()
	slices.SortFunc(out, func(x, y TakenSlot) int {
		return cmp.Or(cmp.Compare(x.Key.Start, y.Key.Start), cmp.Compare(x.Key.DepartmentID, y.Key.DepartmentID), cmp.Compare(x.Key.NPI, y.Key.NPI))
	})
	return out
}

// Len is the number of held slots.
func (b *SlotBook) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, starts := range b.taken {
		n += len(starts)
	}
	return n
}
