package scenarios

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

func careOptionsScenarios() []Scenario {
	return []Scenario{careOptions()}
}

// careSettle leaves out of "every matching slot comes back" the slots
// starting within the hour: one may start (and go) between two searches.
const careSettle = time.Hour

var (
	careProviders = careSearch{read: providerRows, keep: keepVisitTypes}
	careSlots     = careSearch{read: slotRows, base: slotsNear, settle: careSettle}
)

// careOptions searches Care Options around a postal code: providers and
// aggregated slots, each filter proven on the target's own results; the
// slots answer's searchContext repeats the search; the GET form narrows
// to a clinician.
func careOptions() Scenario {
	const providers, slots = "/v1/availability/providers", "/v1/availability/slots"
	// Five days hold at least three working days; the default fortnight
	// costs the judge three times as much to validate and proves no more.
	near := func() map[string]any {
		return map[string]any{"postalCode": "{postalCode}", "visitTypeNames": "{" + careVisitTypesVar + "}", "startDate": "{today}", "endDate": "{inFourDays}"}
	}
	return Scenario{Name: "care-options", Tags: []string{ReadOnly},
		Description: "Care Options near a postal code: every provider and slot filter narrows to matching results and drops none; a searchContext repeats its search",
		Steps: []Step{
			{Name: "providers near", Host: API, Method: http.MethodPost, Path: providers, Auth: APIKey, Body: map[string]any{"postalCode": "{postalCode}"},
				Expect: Expect{Status: http.StatusOK}, Do: probeCare(careProviders, providerFilters)},
			{Name: "slots near", Host: API, Method: http.MethodPost, Path: slots, Auth: APIKey, Body: near(),
				Expect: Expect{Status: http.StatusOK}, Do: probeCare(careSlots, slotFilters)},
			{Name: "search context repeats", Host: API, Method: http.MethodPost, Path: slots, Auth: APIKey, Body: near(),
				Expect: Expect{Status: http.StatusOK}, Do: repeatSearch},
			{Name: "unknown search context", Host: API, Method: http.MethodPost, Path: slots, Auth: APIKey,
				Body:   map[string]any{"searchContext": "mockdex-contract-check-unknown-context"},
				Expect: Expect{Status: http.StatusBadRequest, Present: []string{"/message"}}},
			{Name: "slots by day for a clinician", Host: API, Method: http.MethodGet, Path: slots + "?npis={npi}&daysOfSlots=3", Auth: APIKey,
				Expect: Expect{Status: http.StatusOK, Check: everyDayOption(3)}},
			{Name: "without a key", Host: API, Method: http.MethodPost, Path: providers, Auth: BadAPIKey, Body: map[string]any{"postalCode": "{postalCode}"},
				Expect: Expect{Status: http.StatusForbidden, Present: []string{"/message"}}},
		}}
}

// keepVisitTypes records the visit type names the providers search saw,
// for the slots searches.
func keepVisitTypes(v Vars, rows []careRow) {
	var names []string
	for _, r := range rows {
		names = append(names, r.attrs[attrVisitType]...)
	}
	slices.Sort(names)
	v[careVisitTypesVar] = strings.Join(slices.Compact(names), "\n")
}

// repeatSearch sends the search, then its answer's searchContext alone:
// the repeat must offer the same slots (those starting within the hour
// aside, and those past the first answer's last).
func repeatSearch(_ context.Context, s *Session) error {
	body, first, err := s.careSample(careSlots, nil)
	if err != nil {
		return err
	}
	ctx := stringsAt(body, "/searchContext")
	if len(ctx) == 0 || ctx[0] == "" {
		return &Violation{Rule: RuleSearchContext, Pointer: "/searchContext", Expected: "a searchContext", Seen: "none", Attempt: s.Attempt(),
			Message: "the slots answer carries no searchContext to repeat it with"}
	}
	// The context is sent alone: every field of the search is removed.
	over := map[string]any{}
	if fields, ok := s.st.Body.(map[string]any); ok {
		for k := range fields {
			over[k] = nil
		}
	}
	over["searchContext"] = ctx[0]
	body, err = s.Send(over)
	if err != nil {
		return err
	}
	again, err := slotRows(body)
	if err != nil {
		return err
	}
	missing, extra := careSlots.differ(first, again, s.Vars())
	if missing+extra == 0 {
		return nil
	}
	return &Violation{Rule: RuleSearchContext, Pointer: "/slots", Attempt: s.Attempt(),
		Expected: fmt.Sprintf("the %d slot options of the search it came from", len(keysOf(first))),
		Seen:     fmt.Sprintf("%d missing, %d others", missing, extra),
		Message:  "the searchContext repeated another search than the one that issued it"}
}

// differ counts the settled rows of a the repeat b lacks, and b's rows a
// lacks that start no later than a's last.
func (cs careSearch) differ(a, b []careRow, v Vars) (missing, extra int) {
	ka, kb := keysOf(a), keysOf(b)
	last := ""
	for _, r := range a {
		last = max(last, first(r.attrs[attrStart]))
	}
	for _, r := range a {
		if _, ok := slices.BinarySearch(kb, r.key); !ok && !cs.unsettled(r, v) {
			missing++
		}
	}
	for _, r := range b {
		if _, ok := slices.BinarySearch(ka, r.key); !ok && !cs.unsettled(r, v) && sameOrBefore(first(r.attrs[attrStart]), last) {
			extra++
		}
	}
	return missing, extra
}

func sameOrBefore(a, b string) bool {
	ta, err1 := time.Parse(time.RFC3339, a)
	tb, err2 := time.Parse(time.RFC3339, b)
	return err1 == nil && err2 == nil && !ta.After(tb)
}

// everyDayOption checks the GET answer narrowed to {npi}: some option,
// every option the clinician's, and no visit type on more than days days.
func everyDayOption(days int) func(any, Vars) error {
	return func(body any, v Vars) error {
		groups, _ := arrayAt(body, "/slotsByVisitType")
		n := 0
		for i, g := range groups {
			ds, _ := arrayAt(g, "/scheduleDays")
			if len(ds) > days {
				return &Violation{Rule: RuleFilterNotApplied, Pointer: fmt.Sprintf("/slotsByVisitType/%d/scheduleDays", i),
					Expected: fmt.Sprintf("at most %d days", days), Seen: fmt.Sprint(len(ds)), Message: "a page holds more days than daysOfSlots asks for"}
			}
			for _, d := range ds {
				times, _ := arrayAt(d, "/slotTimes")
				for _, t := range times {
					opts, _ := arrayAt(t, "/providerOptions")
					for _, o := range opts {
						n++
						if first(stringsAt(o, "/npi")) != v["npi"] {
							return &Violation{Rule: RuleFilterNotApplied, Pointer: "/slotsByVisitType/*/scheduleDays/*/slotTimes/*/providerOptions/*/npi",
								Expected: "the clinician asked for", Seen: "another", Message: "a slot offers a clinician the npis filter excludes"}
						}
					}
				}
			}
		}
		if n == 0 {
			return careInconclusive("the clinician has no slot offered, so the npis filter cannot be proven", 0)
		}
		return nil
	}
}
