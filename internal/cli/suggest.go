package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

// The flag package's own words for the errors explain rewrites.
const (
	undefinedPrefix = "flag provided but not defined: -"
	needsArgPrefix  = "flag needs an argument: -"
)

// explain turns a flag package error into one line: what was wrong, the
// flag meant when one is close enough, and where the help is.
func explain(fs *flag.FlagSet, err error) error {
	hint := fmt.Sprintf("(%s --help lists every flag)", fs.Name())
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, undefinedPrefix); ok {
		if near := Suggest(name, flagNames(fs)); len(near) > 0 {
			return fmt.Errorf("unknown flag --%s; did you mean --%s? %s", name, strings.Join(near, " or --"), hint)
		}
		return fmt.Errorf("unknown flag --%s %s", name, hint)
	}
	if name, ok := strings.CutPrefix(msg, needsArgPrefix); ok {
		return fmt.Errorf("--%s needs a value %s", name, hint)
	}
	return errors.New(strings.Replace(msg, "for flag -", "for flag --", 1) + " " + hint)
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// Suggest is what s was probably meant to be: the candidate nearest to
// it by edit distance, when near enough to be a slip (at most a third of
// the longer name, and at most 3 edits), else every candidate s is the
// start of ("journal" for journal-bytes and journal-size); none when
// nothing is close.
func Suggest(s string, candidates []string) []string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" && bestDist <= min(3, max(1, max(len(s), len(best))/3)) {
		return []string{best}
	}
	var starts []string
	for _, c := range candidates {
		if len(s) >= 3 && strings.HasPrefix(c, s) {
			starts = append(starts, c)
		}
	}
	return starts
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours
// ("mdoe" for "mode") each count 1. Bytes, as flag names are ASCII.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
