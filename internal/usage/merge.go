package usage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
)

// Merge joins two profiles: union of what was used, counts combined by
// what the profiles' sources say of each other. Profiles of separate
// runs (no source in common) add up; when one already holds the other's
// runs (the same profile twice, or a profile and one it was merged into)
// each count is the larger, so merging changes nothing. Profiles sharing
// some runs but not all cannot be added exactly: counts are the larger
// (a lower bound) and the result is marked Approximate. Merge is
// commutative and idempotent; neither input is changed.
func Merge(a, b *Profile) (*Profile, error) {
	for _, p := range []*Profile{a, b} {
		if p == nil || p.Version != Version {
			return nil, fmt.Errorf("usage profile: can merge only version %d profiles", Version)
		}
	}
	sa, sb := sources(a), sources(b)
	c, approx := sum, a.Approximate || b.Approximate
	switch {
	case contains(sa, sb) || contains(sb, sa):
		c = larger
	case overlaps(sa, sb):
		c, approx = larger, true
	}
	out := a.clone()
	out.Sources = union(sa, sb)
	out.Approximate = approx
	out.Unmatched = c(a.Unmatched, b.Unmatched)
	for id, op := range b.Operations {
		if _, ok := a.Operations[id]; !ok {
			out.Operations[id] = &Operation{}
			out.Operations[id].merge(op, sum)
			continue
		}
		out.Operations[id].merge(op, c)
	}
	return out, nil
}

// MergeAll merges profiles left to right.
func MergeAll(ps ...*Profile) (*Profile, error) {
	if len(ps) == 0 {
		return nil, fmt.Errorf("usage profile: nothing to merge")
	}
	out := ps[0]
	for _, p := range ps[1:] {
		var err error
		if out, err = Merge(out, p); err != nil {
			return nil, err
		}
	}
	if len(ps) == 1 {
		return out.clone(), nil
	}
	return out, nil
}

// sources is p's run ids; a profile without any (written by hand) is
// named by its content, so merging it twice still changes nothing.
func sources(p *Profile) []string {
	if len(p.Sources) > 0 {
		s := slices.Clone(p.Sources)
		slices.Sort(s)
		return slices.Compact(s)
	}
	b, _ := json.Marshal(p.Operations)
	sum := sha256.Sum256(b)
	return []string{"digest-" + hex.EncodeToString(sum[:8])}
}

// contains reports whether sorted set a holds every member of b.
func contains(a, b []string) bool {
	for _, s := range b {
		if _, ok := slices.BinarySearch(a, s); !ok {
			return false
		}
	}
	return true
}

func overlaps(a, b []string) bool {
	for _, s := range b {
		if _, ok := slices.BinarySearch(a, s); ok {
			return true
		}
	}
	return false
}

// union of two sorted sets, at most MaxSources (the smallest ids).
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	out = slices.Compact(out)
	return out[:min(len(out), MaxSources)]
}
