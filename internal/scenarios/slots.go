package scenarios

import (
	"fmt"
	"net/http"
)

func slotScenarios() []Scenario {
	return []Scenario{slotsSearch(), slotEvents()}
}

const slotSearchPath = "/v5/slots/search"

// byProvider is a slots v5 search for the {npi} provider's slots over
// the next few days: five days hold at least three working days, and a
// month of slots (the default window) costs the judge ten times as much
// to validate and proves no more.
func byProvider(extra map[string]any) map[string]any {
	b := map[string]any{"criteriaItems": []any{map[string]any{"npi": "{npi}"}}, "startDate": "{today}", "endDate": "{inFourDays}"}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// slotsSearch narrows the slots v5 search by department, visit type and
// dates, each proven on the target's own slots.
func slotsSearch() Scenario {
	first := "/results/0"
	return Scenario{Name: "slots-search", Tags: []string{ReadOnly},
		Description: "slots v5 search for a provider, then narrowed to one department, one visit type and a date window; unknown provider 404, reversed window 400",
		Steps: []Step{
			{Name: "by provider", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey, Body: byProvider(nil),
				Capture: map[string]string{"searchDepartment": first + "/departmentId", "searchEhr": first + "/ehrInstance",
					"searchVisitType": first + "/visitTypes/0/visitTypeName"},
				Expect: Expect{Status: http.StatusOK, Check: every("/results", "npi", "the provider asked for", equalsVar("npi"))}},
			{Name: "by department", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey,
				Body:   byProvider(map[string]any{"criteriaItems": []any{map[string]any{"npi": "{npi}", "ehrInstance": "{searchEhr}", "departmentId": "{searchDepartment}"}}}),
				Expect: Expect{Status: http.StatusOK, Check: every("/results", "departmentId", "the department asked for", equalsVar("searchDepartment"))}},
			{Name: "by visit type", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey,
				Body:   byProvider(map[string]any{"visitTypeNames": []any{"{searchVisitType}"}}),
				Expect: Expect{Status: http.StatusOK, Check: everySearchSlot("visit type", func(vt, _ string, v Vars) bool { return vt == v["searchVisitType"] })}},
			{Name: "in a date window", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey,
				Body: byProvider(map[string]any{"startDate": "{tomorrow}", "endDate": "{inFourDays}"}),
				Expect: Expect{Status: http.StatusOK, Check: everySearchSlot("date", func(_, at string, v Vars) bool {
					// A slot's date is its clinic's own day: the date its local time shows.
					return len(at) >= 10 && at[:10] >= v["tomorrow"] && at[:10] <= v["inFourDays"]
				})}},
			{Name: "unknown provider", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey,
				Body: map[string]any{"criteriaItems": []any{map[string]any{"npi": "0000000000"}}}, Expect: Expect{Status: http.StatusNotFound}},
			{Name: "window ends before it starts", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey,
				Body: byProvider(map[string]any{"startDate": "{inFourDays}", "endDate": "{tomorrow}"}), Expect: Expect{Status: http.StatusBadRequest}},
		}}
}

// everySearchSlot checks every slot of a slots v5 answer (its visit type
// name and dateTime); an answer without a slot fails, as it proves nothing.
func everySearchSlot(what string, ok func(visitType, at string, v Vars) bool) func(any, Vars) error {
	return func(body any, v Vars) error {
		results, _ := arrayAt(body, "/results")
		n := 0
		for i, r := range results {
			vts, _ := arrayAt(r, "/visitTypes")
			for j, vt := range vts {
				slots, _ := arrayAt(vt, "/slots")
				for k, sl := range slots {
					n++
					if !ok(first(stringsAt(vt, "/visitTypeName")), first(stringsAt(sl, "/dateTime")), v) {
						return &Violation{Rule: RuleFilterNotApplied, Pointer: fmt.Sprintf("/results/%d/visitTypes/%d/slots/%d", i, j, k),
							Expected: "the " + what + " asked for", Seen: "another", Message: "the search offered a slot its " + what + " filter excludes"}
					}
				}
			}
		}
		if n == 0 {
			return careInconclusive("the search offered no slot, so its "+what+" filter cannot be proven", 0)
		}
		return nil
	}
}

// slotEvents reports a provider's slot taken, sees it leave every
// listing, releases it and sees it come back.
func slotEvents() Scenario {
	// The third slot: the first may start (and leave the listings) while
	// the scenario runs.
	slot := "/results/0/visitTypes/0"
	event := map[string]any{"npi": "{npi}", "departmentId": "{slotDepartment}", "ehrInstance": "{slotEhr}",
		"visitTypeId": "{slotVisitTypeId}", "slotDateTime": "{slotDateTime}"}
	steps := []Step{
		{Name: "find a slot", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey, Body: byProvider(nil),
			Capture: map[string]string{"slotDepartment": "/results/0/departmentId", "slotEhr": "/results/0/ehrInstance",
				"slotVisitTypeId": slot + "/visitTypeId", "slotVisitTypeName": slot + "/visitTypeName",
				"slotDateTime": slot + "/slots/2/dateTime", "slotId": slot + "/slots/2/slotId"},
			Expect: Expect{Status: http.StatusOK}},
		{Name: "slot taken", Host: API, Method: http.MethodPost, Path: "/v5/slots/slot-taken", Auth: APIKey, Body: event,
			Expect: Expect{Status: http.StatusNoContent}},
	}
	steps = append(steps, slotListings("taken: ", false)...)
	steps = append(steps, Step{Name: "slot released", Host: API, Method: http.MethodPost, Path: "/v5/slots/slot-released", Auth: APIKey, Body: event,
		Expect: Expect{Status: http.StatusNoContent}})
	steps = append(steps, slotListings("released: ", true)...)
	return Scenario{Name: "slot-events", Tags: []string{Writes},
		Description: "a slot reported taken leaves the time slots, the slot search and Care Options; released, it is offered again",
		Steps:       steps}
}

// slotListings are the three places a provider's slot is offered, each
// checked for the captured slot; they need the event before them.
func slotListings(prefix string, listed bool) []Step {
	check := slotOffered(listed)
	needs := []string{"slot taken"}
	if listed {
		needs = append(needs, "slot released")
	}
	return []Step{
		{Name: prefix + "time slots", Host: API, Method: http.MethodGet, Path: "/v5/providers/{npi}/timeslots?startDate={today}&endDate={inFourDays}", Auth: APIKey, Needs: needs,
			Expect: Expect{Status: http.StatusOK, Check: check}},
		{Name: prefix + "slot search", Host: API, Method: http.MethodPost, Path: slotSearchPath, Auth: APIKey, Needs: needs, Body: byProvider(nil),
			Expect: Expect{Status: http.StatusOK, Check: check}},
		{Name: prefix + "Care Options", Host: API, Method: http.MethodPost, Path: "/v1/availability/slots", Auth: APIKey, Needs: needs,
			Body: map[string]any{"departmentIds": []any{"{slotDepartment}"}, "visitTypeNames": []any{"{slotVisitTypeName}"},
				"startDate": "{today}", "endDate": "{inFourDays}"},
			Expect: Expect{Status: http.StatusOK, Check: check}},
	}
}

// slotOffered checks whether the answer offers {slotId} for {npi}: the
// provider is the nearest npi on the way to the slotId. The answer must
// offer some slot of the provider, or the absence proves nothing.
func slotOffered(want bool) func(any, Vars) error {
	return func(body any, v Vars) error {
		offered, found := 0, false
		walkSlots(body, "", func(npi, slotID string) {
			if npi == v["npi"] {
				offered++
				found = found || slotID == v["slotId"]
			}
		})
		switch {
		case offered == 0:
			return careInconclusive("the listing offers the provider no slot at all, so the slot's absence proves nothing", 0)
		case found && !want:
			return &Violation{Rule: RuleSlotStillListed, Expected: "the taken slot left out", Seen: "offered",
				Message: "a slot reported taken is still offered"}
		case !found && want:
			return &Violation{Rule: RuleSlotNotRestored, Expected: "the released slot offered", Seen: "absent",
				Message: "a slot reported released is not offered again"}
		}
		return nil
	}
}

// walkSlots calls f for every object with a slotId, with the npi of the
// nearest object on the way that names one.
func walkSlots(doc any, npi string, f func(npi, slotID string)) {
	switch t := doc.(type) {
	case map[string]any:
		if n, ok := t["npi"].(string); ok {
			npi = n
		}
		if id, ok := t["slotId"].(string); ok {
			f(npi, id)
		}
		for _, e := range t {
			walkSlots(e, npi, f)
		}
	case []any:
		for _, e := range t {
			walkSlots(e, npi, f)
		}
	}
}
