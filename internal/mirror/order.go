package mirror

// precedence learns the order the tier keeps its departments and
// providers in from lists it answers in that order (Care Options'
// providerOptions), so the mirrored world lists them the same way.
// Items the answers never put side by side keep the order they were
// first met in (the configuration's, then discovery's).
type precedence struct {
	rank  map[string]int             // first-met order, the tie-breaker
	after map[string]map[string]bool // a → the items seen after a
}

func newPrecedence() *precedence {
	return &precedence{rank: map[string]int{}, after: map[string]map[string]bool{}}
}

// meet records an item in first-met order.
func (p *precedence) meet(item string) {
	p.meetAt(item, len(p.rank))
}

// meetAt records an item with a rank of the caller's choosing.
func (p *precedence) meetAt(item string, rank int) {
	if _, ok := p.rank[item]; !ok {
		p.rank[item] = rank
	}
}

// list records an ordered answer: each item comes before the next
// different one.
func (p *precedence) list(items []string) {
	for i := 1; i < len(items); i++ {
		a, b := items[i-1], items[i]
		if a == b {
			continue
		}
		p.meet(a)
		p.meet(b)
		if p.after[a] == nil {
			p.after[a] = map[string]bool{}
		}
		p.after[a][b] = true
	}
}

// order sorts items: every learned "a before b" kept, ties (and any
// cycle a drifting tier might answer) by first-met order.
func (p *precedence) order(items []string) []string {
	for _, it := range items {
		p.meet(it)
	}
	left := map[string]bool{}
	for _, it := range items {
		left[it] = true
	}
	out := make([]string, 0, len(items))
	for len(left) > 0 {
		next := p.pick(left, true)
		if next == "" {
			next = p.pick(left, false) // a cycle: break it by rank
		}
		delete(left, next)
		out = append(out, next)
	}
	return out
}

// pick is the first-met item left, among those no other item left must
// precede when free is set.
func (p *precedence) pick(left map[string]bool, free bool) string {
	best := ""
	for it := range left {
		if free && p.blocked(it, left) {
			continue
		}
		if best == "" || p.rank[it] < p.rank[best] || p.rank[it] == p.rank[best] && it < best {
			best = it
		}
	}
	return best
}

func (p *precedence) blocked(it string, left map[string]bool) bool {
	for other := range left {
		if other != it && p.after[other][it] {
			return true
		}
	}
	return false
}
