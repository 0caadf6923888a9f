package scenarios

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// careFilter is one Care Options filter: the request field it is sent
// in, the row attribute it narrows, and whether the field is a list.
type careFilter struct {
	field, attr string
	list        bool
}

// providerFilters are the filters both POST searches take.
var providerFilters = []careFilter{
	{"specialty", attrSpecialty, false}, {"gender", attrGender, false}, {"visitTypeNames", attrVisitType, true},
	{"departmentIds", attrDepartment, true}, {"ehrInstances", attrEHR, true}, {"clinicTypes", attrClinicType, true},
}

// slotFilters add the slots search's clinicians.
var slotFilters = append(slices.Clone(providerFilters), careFilter{"clinicianNPIs", attrNPI, true})

// careSearch is how a Care Options probe reads its answers and what every
// search it sends carries besides the step's body (the visit types the
// slots search needs).
type careSearch struct {
	read func(any) ([]careRow, error)
	base func(Vars) map[string]any
	// settle is how far ahead of now a row must start to be held to
	// "every matching row comes back": a slot about to start may be gone
	// by the next search. 0: rows have no start.
	settle time.Duration
	// keep, when set, is given the sample: later steps may need its values.
	keep func(Vars, []careRow)
}

// careVisitTypesVar holds the visit type names the providers search saw,
// one per line, for the slots searches (which need at least one).
const careVisitTypesVar = "careVisitTypes"

// slotsNear is the slots search's extra fields: every visit type seen.
func slotsNear(v Vars) map[string]any {
	var names []any
	for _, n := range strings.Split(v[careVisitTypesVar], "\n") {
		names = append(names, n)
	}
	return map[string]any{"visitTypeNames": names}
}

// probeCare samples the step's search, then sends each filter with a
// value the sample holds (one some rows lack, when there is one, so a
// filter the target ignores shows): every row of the answer must match
// it, and every sampled row that matches must come back.
func probeCare(cs careSearch, filters []careFilter) func(context.Context, *Session) error {
	return func(_ context.Context, s *Session) error {
		_, rows, err := s.careSample(cs, nil)
		if err != nil {
			return err
		}
		if cs.keep != nil {
			cs.keep(s.Vars(), rows)
		}
		g := &grouped{}
		for _, f := range filters {
			val := narrowingValue(rows, f.attr)
			if val == "" {
				g.add(careInconclusive("no sampled result has a value for this filter, so it cannot be proven", s.Attempt()), f.field)
				continue
			}
			for _, v := range s.careFilterOne(cs, rows, f, val) {
				g.add(v, f.field)
			}
		}
		return g.violations().err()
	}
}

// careSample sends the search (with override) and reads its rows; an
// empty answer is inconclusive, since no check can pass on nothing.
func (s *Session) careSample(cs careSearch, override map[string]any) (any, []careRow, error) {
	body, err := s.Send(cs.over(s.Vars(), override))
	if err != nil {
		return body, nil, err
	}
	rows, err := cs.read(body)
	if err != nil {
		return body, nil, err
	}
	if len(rows) == 0 {
		return body, nil, careInconclusive("the unfiltered search offers nothing, so no filter can be proven", s.Attempt())
	}
	return body, rows, nil
}

func (cs careSearch) over(v Vars, extra map[string]any) map[string]any {
	out := map[string]any{}
	if cs.base != nil {
		maps.Copy(out, cs.base(v))
	}
	maps.Copy(out, extra)
	if len(out) == 0 {
		return nil
	}
	return out
}

func careInconclusive(msg string, attempt int) *Violation {
	return &Violation{Rule: RuleInconclusive, Expected: "results to check", Seen: "none", Message: msg, Attempt: attempt}
}

// narrowingValue picks a value of attr that some rows have and others
// lack; failing that, any value a row has.
func narrowingValue(rows []careRow, attr string) string {
	fallback := ""
	for _, r := range rows {
		for _, v := range r.attrs[attr] {
			if v == "" {
				continue
			}
			if fallback == "" {
				fallback = v
			}
			if slices.ContainsFunc(rows, func(o careRow) bool { return !o.matches(attr, v) }) {
				return v
			}
		}
	}
	return fallback
}

// careFilterOne sends one filter and holds the answer to the sample.
func (s *Session) careFilterOne(cs careSearch, sample []careRow, f careFilter, val string) []*Violation {
	var sent any = val
	if f.list {
		sent = []any{val}
	}
	body, err := s.Send(cs.over(s.Vars(), map[string]any{f.field: sent}))
	attempt := s.Attempt()
	if err != nil {
		return []*Violation{{Rule: RuleStepFailed, Attempt: attempt, Message: err.Error()}}
	}
	got, err := cs.read(body)
	if err != nil {
		return []*Violation{{Rule: RuleStepFailed, Attempt: attempt, Message: err.Error()}}
	}
	var out []*Violation
	if i := slices.IndexFunc(got, func(r careRow) bool { return !r.matches(f.attr, val) }); i >= 0 {
		out = append(out, &Violation{Rule: RuleFilterNotApplied, Attempt: attempt, Pointer: "/" + f.attr,
			Expected: "every result matching the filter", Seen: "a result that does not",
			Message: "the search offered a result its filter excludes"})
	}
	if missed := cs.missing(sample, got, f.attr, val, s.Vars()); len(got) == 0 || missed > 0 {
		out = append(out, &Violation{Rule: RuleFilterMissesRows, Attempt: attempt, Pointer: "/" + f.attr,
			Expected: "every unfiltered result with that value", Seen: fmt.Sprintf("%d results, %d of them missing", len(got), missed),
			Message: "the filter offered fewer results than the unfiltered search holds with that value"})
	}
	return out
}

// missing counts the sampled rows matching the filter that the answer
// lacks, leaving out rows that start too soon to be sure of.
func (cs careSearch) missing(sample, got []careRow, attr, val string, v Vars) int {
	have := keysOf(got)
	n := 0
	for _, r := range sample {
		if r.matches(attr, val) && !cs.unsettled(r, v) {
			if _, found := slices.BinarySearch(have, r.key); !found {
				n++
			}
		}
	}
	return n
}

// unsettled reports whether a row starts within cs.settle of now.
func (cs careSearch) unsettled(r careRow, v Vars) bool {
	if cs.settle == 0 {
		return false
	}
	now, err1 := time.Parse(time.RFC3339, v["now"])
	at, err2 := time.Parse(time.RFC3339, first(r.attrs[attrStart]))
	return err1 != nil || err2 != nil || at.Before(now.Add(cs.settle))
}
