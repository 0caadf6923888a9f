package scenarios

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// probeFilters samples the unfiltered window, then sends every filter
// with a value the sample holds: each must return at least the records
// the sample proves match, only records that match, and the same records
// for the value in another letter case. The window itself is the
// thirteenth filter: every record must fall inside it.
func probeFilters(_ context.Context, s *Session) error {
	body, err := s.Send(map[string]any{"limit": aprSample})
	if err != nil {
		return err
	}
	_, rows, err := aprPage(body)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return Violations{inconclusive("the unfiltered window holds no records, so no filter can be proven", s.Attempt())}
	}
	g := &grouped{}
	v := s.Vars()
	g.add(outsideWindow(rows, v["twoWeeksAgo"], v["now"], s.Attempt()), "window")
	for _, f := range aprFilterFields {
		val := filterValue(rows, f)
		if val == "" {
			g.add(inconclusive("no sampled record has this field, so its filter cannot be proven", s.Attempt()), f)
			continue
		}
		for _, vi := range s.filterOne(rows, map[string]string{f: val}) {
			g.add(vi, f)
		}
	}
	r := rows[0]
	both := map[string]string{"visitId": r.get("visitId"), "action": r.get("action")}
	for _, vi := range s.filterOne(rows, both) {
		g.add(vi, "visitId+action")
	}
	return g.violations().err()
}

// filterValue picks the value a field's filter is sent with: for
// credentials a proper part of the longest value (its first word, or all
// but its last letter), so a match must be by substring.
func filterValue(rows []record, f string) string {
	if f != "providerCredentials" {
		for _, r := range rows {
			if v := r.get(f); v != "" {
				return v
			}
		}
		return ""
	}
	longest := ""
	for _, r := range rows {
		if v := r.get(f); len(v) > len(longest) {
			longest = v
		}
	}
	if first, _, ok := strings.Cut(longest, " "); ok {
		return first
	}
	if len(longest) > 1 {
		return longest[:len(longest)-1]
	}
	return longest
}

// filterOne sends one search with filters and holds its answer to the
// sample.
func (s *Session) filterOne(sample []record, filters map[string]string) []*Violation {
	over := map[string]any{"limit": aprSample}
	for f, v := range filters {
		over[f] = v
	}
	body, err := s.Send(over)
	attempt := s.Attempt()
	if err != nil {
		return []*Violation{{Rule: RuleStepFailed, Attempt: attempt, Message: err.Error()}}
	}
	count, got, err := aprPage(body)
	if err != nil {
		return []*Violation{{Rule: RuleStepFailed, Attempt: attempt, Message: err.Error()}}
	}
	var out []*Violation
	if want := proven(sample, filters); count < want || count == 0 {
		out = append(out, &Violation{Rule: RuleFilterMissesRows, Attempt: attempt, Pointer: "/count",
			Expected: fmt.Sprintf("at least %d", max(want, 1)), Seen: fmt.Sprint(count),
			Message: "the filter returned fewer records than the unfiltered window holds with that value"})
	}
	if f := brokenFilter(got, filters); f != "" {
		out = append(out, &Violation{Rule: RuleFilterNotApplied, Attempt: attempt, Pointer: "/data/*/" + f,
			Expected: "every record matching the filter", Seen: "a record that does not",
			Message: "the search returned a record its filter excludes"})
	}
	v := s.Vars()
	if vi := outsideWindow(got, v["twoWeeksAgo"], v["now"], attempt); vi != nil {
		out = append(out, vi)
	}
	return append(out, s.otherCase(filters, count, got)...)
}

// proven counts the sample's records matching every filter.
func proven(sample []record, filters map[string]string) int {
	n := 0
	for _, r := range sample {
		if brokenFilter([]record{r}, filters) == "" {
			n++
		}
	}
	return n
}

// brokenFilter names the first filter some record does not satisfy.
func brokenFilter(rs []record, filters map[string]string) string {
	for _, f := range sortedKeys(filters) {
		if countMatching(rs, f, filters[f], matcherFor(f)) != len(rs) {
			return f
		}
	}
	return ""
}

// otherCase sends the filters with every letter's case swapped: the
// answer must be the same records.
func (s *Session) otherCase(filters map[string]string, count int, got []record) []*Violation {
	over, changed := map[string]any{"limit": aprSample}, false
	for f, v := range filters {
		over[f] = swapCase(v)
		changed = changed || swapCase(v) != v
	}
	if !changed {
		return nil
	}
	body, err := s.Send(over)
	if err != nil {
		return []*Violation{{Rule: RuleStepFailed, Attempt: s.Attempt(), Message: err.Error()}}
	}
	n, again, err := aprPage(body)
	if err == nil && n == count && slices.Equal(ids(again), ids(got)) {
		return nil
	}
	return []*Violation{{Rule: RuleFilterCaseSensitive, Attempt: s.Attempt(), Pointer: "/count",
		Expected: fmt.Sprintf("%d records, as in the value's own case", count), Seen: fmt.Sprint(n),
		Message: "the same filter value in another letter case returned other records"}}
}

// grouped keeps one violation per rule, naming every filter it hit: one
// cause (filters turned case-sensitive) is one finding, not twelve.
type grouped struct {
	order  []string
	first  map[string]*Violation
	fields map[string][]string
}

func (g *grouped) add(v *Violation, field string) {
	if v == nil {
		return
	}
	if g.first == nil {
		g.first, g.fields = map[string]*Violation{}, map[string][]string{}
	}
	if _, ok := g.first[v.Rule]; !ok {
		g.order = append(g.order, v.Rule)
		g.first[v.Rule] = v
	}
	if !slices.Contains(g.fields[v.Rule], field) {
		g.fields[v.Rule] = append(g.fields[v.Rule], field)
	}
}

func (g *grouped) violations() Violations {
	var out Violations
	for _, rule := range g.order {
		v := *g.first[rule]
		v.Message = fmt.Sprintf("%s (filters: %s)", v.Message, strings.Join(g.fields[rule], ", "))
		out = append(out, &v)
	}
	return out
}
