package usage

import (
	"cmp"
	"maps"
	"slices"
	"sort"
)

// combine joins two counts of one thing: sum adds two disjoint runs,
// larger keeps the one that already holds the other.
type combine func(a, b int64) int64

func sum(a, b int64) int64    { return a + b }
func larger(a, b int64) int64 { return max(a, b) }

// Truncated names.
const (
	truncStatuses       = "statuses"
	truncParameters     = "parameters"
	truncRequestFields  = "requestFields"
	truncResponseFields = "responseFields"
	truncValues         = "values"
)

func (p *Profile) operation(id string) *Operation {
	op := p.Operations[id]
	if op == nil {
		op = &Operation{Statuses: map[int]int64{}}
		p.Operations[id] = op
	}
	return op
}

// merge adds src into o, combining counts with c. Every aggregate keeps
// its cap by dropping its least counted keys (ties by key), so the result
// does not depend on which side came first.
func (o *Operation) merge(src *Operation, c combine) {
	o.Calls = c(o.Calls, src.Calls)
	o.UndeclaredQuery = c(o.UndeclaredQuery, src.UndeclaredQuery)
	var cut bool
	if o.Statuses, cut = mergeCounts(o.Statuses, src.Statuses, c, MaxStatuses); cut {
		o.truncate(truncStatuses)
	}
	for in, params := range src.Parameters {
		if o.Parameters == nil {
			o.Parameters = map[string]map[string]*Use{}
		}
		o.Parameters[in] = o.mergeUses(o.Parameters[in], params, c, MaxRequestFields, truncParameters)
	}
	o.RequestFields = o.mergeUses(o.RequestFields, src.RequestFields, c, MaxRequestFields, truncRequestFields)
	if o.ResponseFields, cut = mergeCounts(o.ResponseFields, src.ResponseFields, c, MaxResponseFields); cut {
		o.truncate(truncResponseFields)
	}
	for _, t := range src.Truncated {
		o.truncate(t)
	}
}

func (o *Operation) truncate(what string) {
	if !slices.Contains(o.Truncated, what) {
		o.Truncated = append(o.Truncated, what)
		slices.Sort(o.Truncated)
	}
}

// mergeCounts combines src into dst key by key (a missing key counts 0)
// and keeps at most limit keys; cut says some were dropped.
func mergeCounts[K cmp.Ordered](dst, src map[K]int64, c combine, limit int) (map[K]int64, bool) {
	if len(src) == 0 {
		return dst, false
	}
	if dst == nil {
		dst = make(map[K]int64, len(src))
	}
	for k, v := range src {
		dst[k] = c(dst[k], v)
	}
	return dst, trim(dst, limit, func(k K) int64 { return dst[k] })
}

func (o *Operation) mergeUses(dst, src map[string]*Use, c combine, limit int, what string) map[string]*Use {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]*Use, len(src))
	}
	for k, u := range src {
		d := dst[k]
		if d == nil {
			d = &Use{}
			dst[k] = d
		}
		d.Sent = c(d.Sent, u.Sent)
		d.OtherValues = c(d.OtherValues, u.OtherValues)
		var cut bool
		if d.Values, cut = mergeCounts(d.Values, u.Values, c, MaxValues); cut {
			o.truncate(truncValues)
		}
	}
	if trim(dst, limit, func(k string) int64 { return dst[k].Sent }) {
		o.truncate(what)
	}
	return dst
}

// trim drops m's least counted keys (the greatest key first among equal
// counts) until it holds limit, reporting whether it dropped any.
func trim[K cmp.Ordered, V any](m map[K]V, limit int, count func(K) int64) bool {
	if len(m) <= limit {
		return false
	}
	ks := slices.Collect(maps.Keys(m))
	sort.Slice(ks, func(i, j int) bool {
		if ci, cj := count(ks[i]), count(ks[j]); ci != cj {
			return ci > cj
		}
		return ks[i] < ks[j]
	})
	for _, k := range ks[limit:] {
		delete(m, k)
	}
	return true
}

// clone copies p deeply.
func (p *Profile) clone() *Profile {
	c := &Profile{Version: p.Version, Sources: slices.Clone(p.Sources), Approximate: p.Approximate,
		Unmatched: p.Unmatched, Operations: make(map[string]*Operation, len(p.Operations))}
	for id, op := range p.Operations {
		n := &Operation{}
		n.merge(op, sum)
		c.Operations[id] = n
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
