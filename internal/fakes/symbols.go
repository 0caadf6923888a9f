package fakes

import (
	"maps"
	"strings"
	"sync"
)

// sym is an interned string: its index in a symbol table. Stored visits
// and events hold syms instead of string headers for the values that
// repeat (kinds, statuses, practice and region codes, brands, provider
// ids...), which is most of what made a visit cost kilobytes.
type sym uint32

// Symbols every table starts with, in this order, so code can compare
// against them as constants.
const (
	symEmpty sym = iota
	symVirtual
	symGuest
	symProviderBooking
	symRetail
	symRequested
	symWaitingRoom
	symInVisit
	symDone
	symStaffDeclined
	symCancelled
	symScheduled
)

var wellKnownSyms = []string{
	"", string(KindVirtual), string(KindGuest), string(KindProviderBooking), string(KindRetail),
	StatusRequested, StatusWaitingRoom, StatusInVisit, StatusDone, StatusStaffDeclined, StatusCancelled,
	StatusScheduled,
}

// symbase is the frozen part of a symbol table: what a template's
// fixtures and generated history use. Worlds share it read-only, so
// reading a base symbol needs no lock.
type symbase struct {
	names   []string
	ids     map[string]sym // plain value → symbol
	listIDs map[string]sym // a list's packed items → symbol
	lists   [][]string     // lists[id] is the items of a list symbol
}

// symtab is a world's symbol table: the shared base plus the world's own
// additions (values only requests brought). It only grows; its size is
// bounded by the world's visit cap times the fields a visit interns.
type symtab struct {
	base *symbase

	mu      sync.RWMutex // guards names, ids, listIDs and lists (the world's own symbols)
	names   []string     // names[i] is symbol len(base.names)+i
	ids     map[string]sym
	listIDs map[string]sym
	lists   [][]string
}

func newSymbase() *symbase {
	b := &symbase{ids: make(map[string]sym, len(wellKnownSyms)), listIDs: map[string]sym{}}
	for _, s := range wellKnownSyms {
		b.ids[s] = sym(len(b.names))
		b.names = append(b.names, s)
		b.lists = append(b.lists, nil)
	}
	return b
}

func newSymtab(base *symbase) *symtab {
	if base == nil {
		base = newSymbase()
	}
	return &symtab{base: base, ids: map[string]sym{}, listIDs: map[string]sym{}}
}

// freeze turns the table (base and additions) into a new base for others
// to share; t must not change afterwards.
func (t *symtab) freeze() *symbase {
	t.mu.RLock()
	defer t.mu.RUnlock()
	b := &symbase{
		names:   append(append([]string(nil), t.base.names...), t.names...),
		ids:     maps.Clone(t.base.ids),
		listIDs: maps.Clone(t.base.listIDs),
		lists:   append(append([][]string(nil), t.base.lists...), t.lists...),
	}
	maps.Copy(b.ids, t.ids)
	maps.Copy(b.listIDs, t.listIDs)
	return b
}

// intern returns s's symbol, adding it if new.
func (t *symtab) intern(s string) sym {
	if id, ok := t.base.ids[s]; ok {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[s]; ok {
		return id
	}
	s = strings.Clone(s) // never pin a caller's larger buffer
	id := t.nextLocked(s, nil)
	t.ids[s] = id
	return id
}

// internList interns a list (nil or empty: symEmpty).
func (t *symtab) internList(items []string) sym {
	if len(items) == 0 {
		return symEmpty
	}
	var packed []byte
	for _, it := range items {
		packed = appendText(packed, it)
	}
	if id, ok := t.base.listIDs[string(packed)]; ok {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.listIDs[string(packed)]; ok {
		return id
	}
	key := string(packed)
	id := t.nextLocked(key, cloneStrings(items))
	t.listIDs[key] = id
	return id
}

func cloneStrings(items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = strings.Clone(it)
	}
	return out
}

// nextLocked appends a symbol; the caller holds t.mu.
func (t *symtab) nextLocked(name string, list []string) sym {
	id := sym(len(t.base.names) + len(t.names))
	t.names = append(t.names, name)
	t.lists = append(t.lists, list)
	return id
}

// lookup is s's symbol if the table has it, without adding it.
func (t *symtab) lookup(s string) (sym, bool) {
	if id, ok := t.base.ids[s]; ok {
		return id, true
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	id, ok := t.ids[s]
	return id, ok
}

// str is the string of a symbol.
func (t *symtab) str(id sym) string {
	if int(id) < len(t.base.names) {
		return t.base.names[id]
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.names[int(id)-len(t.base.names)]
}

// list is the items of a list symbol, shared: callers copy before they
// hand it out.
func (t *symtab) list(id sym) []string {
	if int(id) < len(t.base.lists) {
		return t.base.lists[id]
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.lists[int(id)-len(t.base.names)]
}
