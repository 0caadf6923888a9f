package avrcsv

import (
	"fmt"
	"slices"
)

// Change kinds of a header compared with the contract.
const (
	Dropped   = "dropped"   // a column of the contract is missing
	Added     = "added"     // a column the contract does not have
	Renamed   = "renamed"   // at a position, another name took a dropped column's place
	Reordered = "reordered" // every column is there, but not in order
)

// HeaderChange is one way a header differs from the contract.
type HeaderChange struct {
	Kind   string
	Column string // the contract's column (the new name for Added)
	// Seen is the new name (Renamed) or the position found (Reordered).
	Seen string
}

func (h HeaderChange) String() string {
	switch h.Kind {
	case Renamed:
		return fmt.Sprintf("column %s renamed to %s", h.Column, h.Seen)
	case Reordered:
		return fmt.Sprintf("column %s moved to position %s", h.Column, h.Seen)
	}
	return fmt.Sprintf("column %s %s", h.Column, h.Kind)
}

// CompareHeader says how got differs from want (nil: Names()). A column
// dropped where a new one appears at the same position is a rename; the
// order is judged only over the columns both have, so one dropped column
// is one change, not a cascade of moves.
func CompareHeader(want, got []string) []HeaderChange {
	if want == nil {
		want = Names()
	}
	var out []HeaderChange
	dropped := minus(want, got)
	added := minus(got, want)
	for _, d := range dropped {
		i := slices.Index(want, d)
		if i < len(got) && slices.Contains(added, got[i]) {
			out = append(out, HeaderChange{Kind: Renamed, Column: d, Seen: got[i]})
			added = slices.DeleteFunc(added, func(a string) bool { return a == got[i] })
			continue
		}
		out = append(out, HeaderChange{Kind: Dropped, Column: d})
	}
	for _, a := range added {
		out = append(out, HeaderChange{Kind: Added, Column: a})
	}
	return append(out, moves(want, got)...)
}

// moves reports the common columns out of their contract order: those
// not on a longest run kept in order.
func moves(want, got []string) []HeaderChange {
	var common []string
	for _, g := range got {
		if slices.Contains(want, g) {
			common = append(common, g)
		}
	}
	pos := make([]int, len(common))
	for i, c := range common {
		pos[i] = slices.Index(want, c)
	}
	keep := longestIncreasing(pos)
	var out []HeaderChange
	for i, c := range common {
		if !keep[i] {
			out = append(out, HeaderChange{Kind: Reordered, Column: c, Seen: fmt.Sprint(slices.Index(got, c) + 1)})
		}
	}
	return out
}

// longestIncreasing marks one longest strictly increasing subsequence.
func longestIncreasing(a []int) []bool {
	n := len(a)
	length, prev := make([]int, n), make([]int, n)
	best := -1
	for i := range a {
		length[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if a[j] < a[i] && length[j]+1 > length[i] {
				length[i], prev[i] = length[j]+1, j
			}
		}
		if best < 0 || length[i] > length[best] {
			best = i
		}
	}
	keep := make([]bool, n)
	for i := best; i >= 0; i = prev[i] {
		keep[i] = true
	}
	return keep
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
