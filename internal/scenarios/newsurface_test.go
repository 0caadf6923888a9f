package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/mockdextest"
)

// editDoer changes requests before the mock sees them and answers after.
type editDoer struct {
	next   scenarios.Doer
	before func(r *http.Request, body map[string]any)
	after  func(r *http.Request, status int, body []byte) (int, []byte)
}

func (d editDoer) Do(r *http.Request) (*http.Response, error) {
	if d.before != nil && r.Body != nil && r.Body != http.NoBody {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if json.Unmarshal(raw, &body) == nil {
			d.before(r, body)
			raw, _ = json.Marshal(body)
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	}
	resp, err := d.next.Do(r)
	if err != nil || d.after == nil {
		return resp, err
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.StatusCode, raw = d.after(r, resp.StatusCode, raw)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// runEdited plays one scenario against a fresh mock behind an editDoer
// and returns the rules its steps broke, by step.
func runEdited(t *testing.T, name string, d editDoer) map[string][]string {
	t.Helper()
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14))
	tgt := mockTarget(m)
	d.next = tgt.Client
	tgt.Client = d
	var sc scenarios.Scenario
	for _, s := range scenarios.All() {
		if s.Name == name {
			sc = s
		}
	}
	res := scenarios.Run(context.Background(), sc, tgt)
	out := map[string][]string{}
	for _, st := range res.Steps {
		for _, v := range scenarios.ViolationsOf(st.Err) {
			out[st.Name] = append(out[st.Name], v.Rule)
		}
		if st.Err != nil && len(scenarios.ViolationsOf(st.Err)) == 0 {
			out[st.Name] = append(out[st.Name], "error: "+st.Err.Error())
		}
	}
	return out
}

func wantRule(t *testing.T, got map[string][]string, step, rule string) {
	t.Helper()
	if !slices.Contains(got[step], rule) {
		t.Errorf("step %q: rules %v, want %s (all: %v)", step, got[step], rule, got)
	}
}

func TestCareOptionsFilterIgnoredIsCaught(t *testing.T) {
	got := runEdited(t, "care-options", editDoer{before: func(r *http.Request, body map[string]any) {
		if strings.HasPrefix(r.URL.Path, "/v1/availability/") {
			delete(body, "specialty")
		}
	}})
	wantRule(t, got, "providers near", scenarios.RuleFilterNotApplied)
	wantRule(t, got, "slots near", scenarios.RuleFilterNotApplied)
}

func TestCareOptionsDroppingResultsIsCaught(t *testing.T) {
	got := runEdited(t, "care-options", editDoer{before: func(r *http.Request, body map[string]any) {
		for _, f := range []string{"specialty", "gender", "visitTypeNames", "departmentIds", "ehrInstances", "clinicTypes"} {
			if _, ok := body[f]; ok {
				r.Header.Set("X-Filtered", f)
			}
		}
	}, after: func(r *http.Request, status int, body []byte) (int, []byte) {
		var v map[string]any
		if r.URL.Path != "/v1/availability/providers" || r.Header.Get("X-Filtered") == "" || json.Unmarshal(body, &v) != nil {
			return status, body
		}
		// Every filtered answer loses its last result.
		if res, ok := v["results"].([]any); ok && len(res) > 1 {
			v["results"] = res[:len(res)-1]
		}
		b, _ := json.Marshal(v)
		return status, b
	}})
	wantRule(t, got, "providers near", scenarios.RuleFilterMissesRows)
}

func TestEmptyCareOptionsAreInconclusiveNotPassed(t *testing.T) {
	got := runEdited(t, "care-options", editDoer{after: func(r *http.Request, status int, body []byte) (int, []byte) {
		switch {
		case r.URL.Path == "/v1/availability/providers" && status == 200:
			return status, []byte(`{"results":[]}`)
		case r.URL.Path == "/v1/availability/slots" && r.Method == http.MethodGet && status == 200:
			return status, []byte(`{"timezone":"UTC","slotsByVisitType":[],"providers":{},"departments":{},"searchContext":"x"}`)
		}
		return status, body
	}})
	wantRule(t, got, "providers near", scenarios.RuleInconclusive)
	wantRule(t, got, "slots by day for a clinician", scenarios.RuleInconclusive)
}

func TestSearchContextMustRepeatItsSearch(t *testing.T) {
	got := runEdited(t, "care-options", editDoer{after: func(r *http.Request, status int, body []byte) (int, []byte) {
		var v map[string]any
		if r.URL.Path != "/v1/availability/slots" || r.Method != http.MethodPost || json.Unmarshal(body, &v) != nil {
			return status, body
		}
		if sl, ok := v["slots"].([]any); ok && len(sl) > 2 && r.Header.Get("X-Context") != "" {
			v["slots"] = sl[:len(sl)/2]
		}
		b, _ := json.Marshal(v)
		return status, b
	}, before: func(r *http.Request, body map[string]any) {
		if _, ok := body["searchContext"]; ok && len(body) == 1 {
			r.Header.Set("X-Context", "1")
		}
	}})
	wantRule(t, got, "search context repeats", scenarios.RuleSearchContext)
}

func TestSlotTakenThatRemovesNothingIsCaught(t *testing.T) {
	got := runEdited(t, "slot-events", editDoer{before: func(r *http.Request, _ map[string]any) {
		if r.URL.Path == "/v5/slots/slot-taken" {
			r.URL.Path = "/v5/slots/slot-released"
		}
	}})
	for _, step := range []string{"taken: time slots", "taken: slot search", "taken: Care Options"} {
		wantRule(t, got, step, scenarios.RuleSlotStillListed)
	}
	if len(got["released: time slots"]) != 0 {
		t.Errorf("the released slot is offered; nothing else must fail: %v", got)
	}
}

func TestSlotReleasedThatRestoresNothingIsCaught(t *testing.T) {
	got := runEdited(t, "slot-events", editDoer{before: func(r *http.Request, _ map[string]any) {
		if r.URL.Path == "/v5/slots/slot-released" {
			r.URL.Path = "/v5/slots/slot-taken"
		}
	}})
	for _, step := range []string{"released: time slots", "released: slot search", "released: Care Options"} {
		wantRule(t, got, step, scenarios.RuleSlotNotRestored)
	}
}

func TestTokBoxEventRefusedIsCaught(t *testing.T) {
	got := runEdited(t, "tokbox-events", editDoer{after: func(r *http.Request, status int, body []byte) (int, []byte) {
		if r.URL.Path == "/api/9/tokbox-events" {
			return http.StatusBadRequest, []byte(`{"error":"unknown session"}`)
		}
		return status, body
	}})
	wantRule(t, got, "event for an unknown session", scenarios.RuleEventNotAccepted)
}
