package scenarios

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
)

const aprPath = "/v1/reporting/providerhistories"

// aprFilterFields are the record fields the All Providers Report filters
// on; with the date window they are the docs' search terms.
var aprFilterFields = []string{
	"action", "visitId", "providerId", "providerEmailAddress", "providerName", "providerFirstName",
	"providerLastName", "providerCredentials", "actorId", "actorEmail", "actorFirstName", "actorLastName",
}

// aprSample is how many records of the unfiltered window the filter
// checks learn from.
const aprSample = 200

// record is one provider history record.
type record map[string]any

func (r record) get(f string) string { return scalar(r[f]) }

// aprPage reads a page's count and records; a malformed page is an error.
func aprPage(body any) (int, []record, error) {
	c, _ := Lookup(body, "/count")
	n, ok := c.(float64)
	if !ok {
		return 0, nil, fmt.Errorf("no number at /count")
	}
	items, _ := Lookup(body, "/data")
	list, ok := items.([]any)
	if !ok {
		return 0, nil, fmt.Errorf("no array at /data")
	}
	out := make([]record, 0, len(list))
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return int(n), out, nil
}

func ids(rs []record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.get("id")
	}
	return out
}

// matcher says whether a record's value satisfies a filter value.
type matcher func(have, want string) bool

func equalFold(have, want string) bool { return strings.EqualFold(have, want) }

func containsFold(have, want string) bool {
	return strings.Contains(strings.ToLower(have), strings.ToLower(want))
}

func matcherFor(field string) matcher {
	if field == "providerCredentials" {
		return containsFold
	}
	return equalFold
}

func countMatching(rs []record, field, want string, m matcher) int {
	n := 0
	for _, r := range rs {
		if m(r.get(field), want) {
			n++
		}
	}
	return n
}

// swapCase turns every letter's case, so "MD" becomes "md" and a GUID's
// hex digits turn upper case.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

func inconclusive(msg string, attempt int) *Violation {
	return &Violation{Rule: RuleInconclusive, Pointer: "/data", Expected: "records to check", Seen: "none", Message: msg, Attempt: attempt}
}

// outsideWindow checks every record's timestamp against the window sent.
func outsideWindow(rs []record, from, to string, attempt int) *Violation {
	lo, err1 := time.Parse(time.RFC3339Nano, from)
	hi, err2 := time.Parse(time.RFC3339Nano, to)
	if err1 != nil || err2 != nil {
		return nil
	}
	for _, r := range rs {
		ts, err := time.Parse(time.RFC3339Nano, r.get("timestamp"))
		if err == nil && (ts.Before(lo) || ts.After(hi)) {
			return &Violation{Rule: RuleFilterNotApplied, Pointer: "/data/*/timestamp", Attempt: attempt,
				Expected: "between startDate and endDate", Seen: "a record outside the window",
				Message: "the search returned a record outside the startDate..endDate window it was sent"}
		}
	}
	return nil
}

func aprSteps() []Scenario {
	return []Scenario{
		{Name: "apr-filters", Tags: []string{ReadOnly}, Description: "All Providers Report: every filter, proven on records the unfiltered window holds: matches, nothing else, any letter case, credentials by substring, AND", Steps: []Step{
			{Name: "every filter", Host: Reporting, Method: http.MethodPost, Path: aprPath, Auth: ServiceKey, Body: aprSearch(nil),
				Expect: Expect{Status: http.StatusOK}, Do: probeFilters},
		}},
		{Name: "apr-pagination", Tags: []string{ReadOnly}, Description: "All Providers Report paging: count equals the records paging reaches, pages neither overlap nor leave gaps, offset moves the window", Steps: []Step{
			{Name: "walk pages", Host: Reporting, Method: http.MethodPost, Path: aprPath, Auth: ServiceKey, Body: aprSearch(nil),
				Expect: Expect{Status: http.StatusOK}, Do: walkPages},
			{Name: "offset moves the window", Host: Reporting, Method: http.MethodPost, Path: aprPath, Auth: ServiceKey, Body: aprSearch(nil),
				Expect: Expect{Status: http.StatusOK}, Do: offsetMoves},
		}},
	}
}
