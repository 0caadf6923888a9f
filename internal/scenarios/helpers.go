package scenarios

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Reason marks data a scenario creates, so a UAT team can find and clean it.
const Reason = "mockdex contract check"

// every checks that each element of the array at list has a string at key
// that ok accepts (an empty array passes: filters may match nothing).
func every(list, key string, what string, ok func(val string, vars Vars) bool) func(any, Vars) error {
	return func(body any, vars Vars) error {
		items, found := Lookup(body, list)
		arr, isArr := items.([]any)
		if !found || !isArr {
			return fmt.Errorf("no array at %q", list)
		}
		for i, it := range arr {
			v, _ := Lookup(it, "/"+key)
			if !ok(scalar(v), vars) {
				return fmt.Errorf("%s/%d/%s is not %s", list, i, key, what)
			}
		}
		return nil
	}
}

func equalsVar(name string) func(string, Vars) bool {
	return func(v string, vars Vars) bool { return v == vars[name] }
}

func equalFoldVar(name string) func(string, Vars) bool {
	return func(v string, vars Vars) bool { return strings.EqualFold(v, vars[name]) }
}

// errorIs expects status and {"error": msg}.
func errorIs(status int, msg string) Expect {
	return Expect{Status: status, JSON: map[string]any{"/error": msg}}
}

// avrFlow starts an All Visits Report of one type, polls it to the end and
// downloads its CSV.
func avrFlow(typ string) []Step {
	return []Step{
		{Name: "start", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Body:    map[string]any{"type": typ, "startDate": "{twoWeeksAgo}", "endDate": "{now}"},
			Capture: map[string]string{"reportId": "/id"}, Expect: Expect{Status: http.StatusOK, Present: []string{"/id"}}},
		{Name: "poll status", Host: Reporting, Method: http.MethodGet, Path: "/api/8/reporting/allvisitsreport/{reportId}", Auth: ServiceKey,
			Poll:   &Poll{Pointer: "/status", Until: []string{"SUCCEEDED", "FAILED"}, Every: time.Second, Deadline: 10 * time.Minute},
			Expect: Expect{Status: http.StatusOK}},
		{Name: "succeeded", Host: Reporting, Method: http.MethodGet, Path: "/api/8/reporting/allvisitsreport/{reportId}", Auth: ServiceKey,
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/status": "SUCCEEDED"}}},
		{Name: "csv", Host: Reporting, Method: http.MethodGet, Path: "/api/8/reporting/allvisitsreport/{reportId}/data", Auth: ServiceKey,
			Expect: Expect{Status: http.StatusOK, ContentType: "text/csv"}},
	}
}

// aprSearch is a provider-history search over the last week plus extra filters.
func aprSearch(extra map[string]any) map[string]any {
	b := map[string]any{"startDate": "{twoWeeksAgo}", "endDate": "{now}"}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func containsFold(sub string) func(string, Vars) bool {
	return func(v string, _ Vars) bool { return strings.Contains(strings.ToUpper(v), strings.ToUpper(sub)) }
}

func both(a, b func(any, Vars) error) func(any, Vars) error {
	return func(body any, vars Vars) error {
		if err := a(body, vars); err != nil {
			return err
		}
		return b(body, vars)
	}
}

func withoutKey(m map[string]any, key string) map[string]any {
	delete(m, key)
	return m
}
