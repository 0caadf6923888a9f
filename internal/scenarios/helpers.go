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
// that ok accepts; an empty array fails, as a filter check that sees no
// record proves nothing.
func every(list, key string, what string, ok func(val string, vars Vars) bool) func(any, Vars) error {
	return func(body any, vars Vars) error {
		items, found := Lookup(body, list)
		arr, isArr := items.([]any)
		if !found || !isArr {
			return fmt.Errorf("no array at %q", list)
		}
		if len(arr) == 0 {
			return &Violation{Rule: RuleInconclusive, Pointer: list, Expected: "records to check", Seen: "none",
				Message: "the filtered answer is empty, so the filter cannot be proven"}
		}
		for i, it := range arr {
			v, _ := Lookup(it, "/"+key)
			if !ok(scalar(v), vars) {
				return &Violation{Rule: RuleFilterNotApplied, Pointer: fmt.Sprintf("%s/%d/%s", list, i, key), Expected: what, Seen: "another value",
					Message: "an answer breaks the filter it was asked for"}
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

// avrMoves is the All Visits Report job's documented machine as polls
// see it: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED, a FAILED job
// queued again by DexCare's auto-retry, and polls that may skip a state.
var avrMoves = map[string][]string{
	"QUEUED":    {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"},
	"RUNNING":   {"RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "QUEUED"},
	"FAILED":    {"FAILED", "QUEUED", "RUNNING", "SUCCEEDED", "CANCELLED"},
	"SUCCEEDED": {"SUCCEEDED"},
	"CANCELLED": {"CANCELLED"},
}

// AVRPollDeadline is how long an All Visits Report job is watched by
// default: a real tier's report is a query over days of visits.
const AVRPollDeadline = 2 * time.Minute

// avrFlow starts an All Visits Report of one type, polls it to the end and
// downloads its CSV.
func avrFlow(typ string) []Step {
	status := "/api/8/reporting/allvisitsreport/{reportId}"
	return []Step{
		{Name: "start", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Set:     map[string]string{"avrFrom": "{twoWeeksAgo}", "avrTo": "{now}", "avrType": typ},
			Body:    map[string]any{"type": typ, "startDate": "{avrFrom}", "endDate": "{avrTo}"},
			Capture: map[string]string{"reportId": "/id"}, Expect: Expect{Status: http.StatusOK, Present: []string{"/id"}}},
		{Name: "poll status", Host: Reporting, Method: http.MethodGet, Path: status, Auth: ServiceKey,
			// FAILED is not an end: DexCare retries a failed job.
			Poll:   &Poll{Pointer: "/status", Until: []string{"SUCCEEDED", "CANCELLED"}, Success: "SUCCEEDED", Every: time.Second, Deadline: AVRPollDeadline, Moves: avrMoves},
			Expect: Expect{Status: http.StatusOK}},
		{Name: "succeeded", Host: Reporting, Method: http.MethodGet, Path: status, Auth: ServiceKey, Needs: []string{"poll status"},
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/status": "SUCCEEDED"}, Rule: RuleStatusMachine}},
		{Name: "csv", Host: Reporting, Method: http.MethodGet, Path: status + "/data", Auth: ServiceKey, Needs: []string{"poll status"},
			Expect: Expect{Status: http.StatusOK, ContentType: "text/csv", CheckExchange: csvInWindow}},
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

func withoutKey(m map[string]any, key string) map[string]any {
	delete(m, key)
	return m
}

// SyntheticValues lists every literal string the scenarios' request
// bodies send ("Contract", "1 Contract Check Way", "other"...): made-up
// data, safe to print, that reports must not mistake for a patient's when
// a tier echoes it back.
func SyntheticValues() map[string]bool {
	out := map[string]bool{}
	for _, sc := range All() {
		for _, st := range sc.Steps {
			for _, s := range stringsIn(st.Body) {
				if !placeholder.MatchString(s) {
					out[s] = true
				}
			}
		}
	}
	return out
}
