package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// tierOptions shape the fake tier's paged search.
type tierOptions struct {
	status        string // what /status answers
	records       int
	repeat        bool // the second page repeats the first's last record
	countPlus     int  // count is off by this many
	caseSensitive bool // filters match only in the value's own case
}

// fakeTier answers a job status and a paged, filterable search.
func fakeTier(t *testing.T, o tierOptions) Target {
	if o.status == "" {
		o.status = "RUNNING"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"status":%q}`, o.status)
	})
	mux.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
		var q map[string]any
		_ = json.NewDecoder(r.Body).Decode(&q)
		var all []map[string]any
		for i := range o.records {
			rec := map[string]any{"id": fmt.Sprint(i), "action": []string{"Booked", "Started"}[i%2]}
			if a, ok := q["action"].(string); ok && !(a == rec["action"] || !o.caseSensitive && strings.EqualFold(a, rec["action"].(string))) {
				continue
			}
			all = append(all, rec)
		}
		limit, offset := intOf(q["limit"], 50), intOf(q["offset"], 0)
		if o.repeat && offset > 0 {
			offset--
		}
		data := []map[string]any{}
		for i := offset; i < min(offset+limit, len(all)); i++ {
			data = append(data, all[i])
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"count": len(all) + o.countPlus, "data": data})
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return Target{Base: map[Host]string{API: hs.URL}, Client: hs.Client(),
		Advance: func(context.Context, time.Duration) error { return nil }}
}

func intOf(v any, def int) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return def
}

func pollStep(moves map[string][]string) Scenario {
	return Scenario{Name: "p", Steps: []Step{{Name: "poll", Host: API, Method: "GET", Path: "/status",
		Poll: &Poll{Pointer: "/status", Until: []string{"SUCCEEDED"}, Every: time.Second, Deadline: 10 * time.Second, Moves: moves}}}}
}

func TestPollGivesUpAtItsDeadlineAsJobStuck(t *testing.T) {
	res := Run(context.Background(), pollStep(nil), fakeTier(t, tierOptions{}))
	vs := ViolationsOf(res.Steps[0].Err)
	if len(vs) != 1 || vs[0].Rule != RuleJobStuck || vs[0].Seen != "RUNNING" || !strings.Contains(vs[0].Message, "10s") {
		t.Fatalf("err %v, want job-stuck naming RUNNING and 10s", res.Steps[0].Err)
	}
	// Waits 1, 1.5, 2.25, 3.375, then the 1.875 left of the deadline.
	if n := len(res.Steps[0].Exchanges); n != 6 {
		t.Errorf("%d polls, want 6", n)
	}
}

func TestPollDeadlineIsSettableOnTheTarget(t *testing.T) {
	tgt := fakeTier(t, tierOptions{})
	tgt.PollDeadline = 2 * time.Second
	res := Run(context.Background(), pollStep(nil), tgt)
	if vs := ViolationsOf(res.Steps[0].Err); len(vs) != 1 || len(res.Steps[0].Exchanges) != 3 {
		t.Errorf("err %v after %d polls: want job-stuck after 3 (waits 1 and 1)", res.Steps[0].Err, len(res.Steps[0].Exchanges))
	}
}

func TestRunDeadlineEndsAPollAsJobStuck(t *testing.T) {
	tgt := fakeTier(t, tierOptions{})
	tgt.Advance = nil // sleep for real
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := Run(ctx, pollStep(nil), tgt)
	if vs := ViolationsOf(res.Steps[0].Err); len(vs) != 1 || vs[0].Rule != RuleJobStuck || time.Since(start) > 2*time.Second {
		t.Errorf("err %v after %v: want job-stuck when the run's deadline passes", res.Steps[0].Err, time.Since(start))
	}
}

func TestAPollAnswerOutsideTheMachineFailsAtOnce(t *testing.T) {
	moves := map[string][]string{"RUNNING": {"RUNNING", "SUCCEEDED"}, "SUCCEEDED": {"SUCCEEDED"}}
	res := Run(context.Background(), pollStep(moves), fakeTier(t, tierOptions{status: "DONE"}))
	if vs := ViolationsOf(res.Steps[0].Err); len(vs) != 1 || vs[0].Rule != RuleStatusMachine || len(res.Steps[0].Exchanges) != 1 {
		t.Errorf("err %v after %d polls: want avr-status-machine on the first answer", res.Steps[0].Err, len(res.Steps[0].Exchanges))
	}
}

func TestInspectFailsAPollAtOnce(t *testing.T) {
	tgt := fakeTier(t, tierOptions{})
	tgt.Inspect = func(Exchange) error { return errors.New("breaks the spec") }
	res := Run(context.Background(), pollStep(nil), tgt)
	if res.Steps[0].Err == nil || len(res.Steps[0].Exchanges) != 1 {
		t.Errorf("err %v after %d polls", res.Steps[0].Err, len(res.Steps[0].Exchanges))
	}
}

func pagingScenario() Scenario {
	return Scenario{Name: "pg", Steps: []Step{
		{Name: "walk", Host: API, Method: "POST", Path: "/search", Body: map[string]any{}, Do: walkPages},
		{Name: "offset", Host: API, Method: "POST", Path: "/search", Body: map[string]any{}, Do: offsetMoves},
	}}
}

func TestPagingChecks(t *testing.T) {
	cases := []struct {
		name  string
		o     tierOptions
		rules []string // per step
	}{
		{"clean", tierOptions{records: 20}, []string{"", ""}},
		{"overlapping pages", tierOptions{records: 20, repeat: true}, []string{RulePageOverlap, RuleOffsetIgnored}},
		{"count one too many", tierOptions{records: 20, countPlus: 1}, []string{RuleCountMismatch, ""}},
		{"count one too few", tierOptions{records: 20, countPlus: -1}, []string{RuleCountMismatch, ""}},
		{"empty window", tierOptions{}, []string{RuleInconclusive, RuleInconclusive}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Run(context.Background(), pagingScenario(), fakeTier(t, c.o))
			for i, want := range c.rules {
				got := ""
				if vs := ViolationsOf(res.Steps[i].Err); len(vs) > 0 {
					got = vs[0].Rule
				} else if res.Steps[i].Err != nil {
					got = res.Steps[i].Err.Error()
				}
				if got != want {
					t.Errorf("step %s: %q, want %q", res.Steps[i].Name, got, want)
				}
			}
		})
	}
}

func TestFilterCheckCatchesCaseSensitivity(t *testing.T) {
	sc := Scenario{Name: "f", Steps: []Step{{Name: "filters", Host: API, Method: "POST", Path: "/search", Body: map[string]any{}, Do: probeFilters}}}
	res := Run(context.Background(), sc, fakeTier(t, tierOptions{records: 10, caseSensitive: true}))
	rules := map[string]bool{}
	for _, v := range ViolationsOf(res.Steps[0].Err) {
		rules[v.Rule] = true
	}
	if !rules[RuleFilterCaseSensitive] {
		t.Errorf("violations %v: want filter-case-sensitive", res.Steps[0].Err)
	}
	if !rules[RuleInconclusive] {
		t.Error("fields the records lack must be reported as inconclusive, not passed")
	}
}

func TestAFailedStepStopsOnlyWhatNeedsIt(t *testing.T) {
	sc := Scenario{Name: "c", Steps: []Step{
		{Name: "status", Host: API, Method: "GET", Path: "/status", Capture: map[string]string{"reportId": "/id"}},
		{Name: "use", Host: API, Method: "GET", Path: "/status/{reportId}"},
		{Name: "independent", Host: API, Method: "GET", Path: "/status", Expect: Expect{Status: 418}},
		{Name: "after the failure", Host: API, Method: "GET", Path: "/status"},
		{Name: "needs it", Host: API, Method: "GET", Path: "/status", Needs: []string{"independent"}},
	}}
	res := Run(context.Background(), sc, fakeTier(t, tierOptions{}))
	st := res.Steps
	if st[0].Err == nil || !st[1].NotRun || !strings.Contains(st[1].Blocked, "{reportId}") {
		t.Errorf("capture: %+v %+v", st[0], st[1])
	}
	if st[2].Err == nil || st[3].NotRun || st[3].Err != nil || !st[4].NotRun {
		t.Errorf("a failed step must stop only the steps that need it: %+v", st[2:])
	}
}

func TestUnknownPlaceholderIsAnError(t *testing.T) {
	if _, err := Defaults().expand("/visits/{visitId}"); err == nil {
		t.Error("an uncaptured {visitId} expanded silently")
	}
}

func TestAMissingOptionalTokenSkipsTheStep(t *testing.T) {
	tgt := fakeTier(t, tierOptions{})
	tgt.Creds.Bearer = func(guid string) (string, error) {
		if guid == Defaults()["patientGuid"] {
			return "tok", nil
		}
		return "", fmt.Errorf("%w: set DEXCARE_OTHER_JWT", ErrNoCredential)
	}
	sc := Scenario{Name: "t", Steps: []Step{
		{Name: "other patient", Host: API, Method: "GET", Path: "/status", Auth: Bearer, As: "{otherPatientGuid}"},
		{Name: "own", Host: API, Method: "GET", Path: "/status", Auth: Bearer},
	}}
	res := Run(context.Background(), sc, tgt)
	if res.Steps[0].Skipped == "" || res.Steps[0].Err != nil || res.Steps[1].Err != nil || res.Steps[1].NotRun {
		t.Errorf("steps %+v: want the first skipped and the second run", res.Steps)
	}
	if x := res.Steps[1].Exchanges[0]; x.Credential != EnvJWT {
		t.Errorf("the own token's variable is %q, want %s", x.Credential, EnvJWT)
	}
}
