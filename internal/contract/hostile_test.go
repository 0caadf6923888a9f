package contract

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/hostile"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// cannedTier answers the four step kinds' operations with small, valid answers.
func cannedTier() http.Handler {
	const id = "3f1b2c4d-0000-4000-8000-000000000001"
	mux := http.NewServeMux()
	json := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("GET /api/9/modalities", json(`[{"modality":"video","displayName":"Video visit","archived":false}]`))
	mux.HandleFunc("POST /api/8/reporting/allvisitsreport", json(`{"id":"`+id+`"}`))
	mux.HandleFunc("GET /api/8/reporting/allvisitsreport/{id}", json(`{"id":"`+id+`","status":"SUCCEEDED"}`))
	mux.HandleFunc("GET /api/8/reporting/allvisitsreport/{id}/data", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		io.WriteString(w, "visitId,status\n"+id+",done\n")
	})
	return mux
}

// stepKinds are the kinds of step a failure can meet: a GET of JSON, a
// POST, a poll and a CSV download, with the requests each sends.
var stepKinds = []struct {
	step  string
	match func(*http.Request) bool
}{
	{"get json", hostile.Modalities},
	{"post", hostile.AVRStart},
	{"poll", hostile.AVRStatus},
	{"csv download", hostile.AVRData},
}

// everyStepKind is one scenario with a step of each kind.
func everyStepKind() scenarios.Scenario {
	const status = "/api/8/reporting/allvisitsreport/{reportId}"
	return scenarios.Scenario{Name: "step-kinds", Tags: []string{scenarios.ReadOnly}, Steps: []scenarios.Step{
		{Name: "get json", Host: scenarios.API, Method: http.MethodGet, Path: "/api/9/modalities", Expect: scenarios.Expect{Status: 200}},
		{Name: "post", Host: scenarios.Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: scenarios.ServiceKey,
			Body: map[string]any{"type": "virtual"}, Capture: map[string]string{"reportId": "/id"}, Expect: scenarios.Expect{Status: 200}},
		{Name: "poll", Host: scenarios.Reporting, Method: http.MethodGet, Path: status, Auth: scenarios.ServiceKey, Expect: scenarios.Expect{Status: 200},
			Poll: &scenarios.Poll{Pointer: "/status", Until: []string{"SUCCEEDED"}, Every: 10 * time.Millisecond, Deadline: time.Second}},
		{Name: "csv download", Host: scenarios.Reporting, Method: http.MethodGet, Path: status + "/data", Auth: scenarios.ServiceKey,
			Expect: scenarios.Expect{Status: 200, ContentType: "text/csv"}},
	}}
}

// TestEveryFailureAgainstEveryStepKind makes each hostile case happen to
// each kind of step: the run never panics, the step gets a finding under
// the case's rule naming the operation, the host, what arrived and how
// long it took, the run fails at the default --fail-on (or reports the
// target unreachable when nothing answered), and nothing reaches another
// listener.
func TestEveryFailureAgainstEveryStepKind(t *testing.T) {
	for _, c := range hostile.Cases() {
		for _, kind := range stepKinds {
			if c.Rule == RuleBodyNotJSON && kind.step == "csv download" {
				continue // the CSV is documented as CSV: "not JSON" means nothing there
			}
			t.Run(c.Name+"/"+kind.step, func(t *testing.T) {
				t.Parallel()
				tier, err := hostile.Start(cannedTier(), c.On(kind.match))
				if err != nil {
					t.Fatal(err)
				}
				defer tier.Close()
				maxBytes := int64(0)
				if strings.Contains(strings.Join(c.Args, " "), "--max-response-bytes") {
					maxBytes = 64 << 20
				}
				// A stall costs the timeout; anything else must not meet it,
				// on a busy machine either (a TLS handshake under -race, tens
				// of megabytes read).
				timeout := 10 * time.Second
				if c.Rule == RuleStalledBeforeAnswer || c.Rule == RuleStalledInBody {
					timeout = 300 * time.Millisecond
				}
				client := &Client{Next: NewHTTPClient(), Timeout: timeout, Retries: 3, Backoff: time.Second, MaxBytes: maxBytes,
					FollowRedirects: true, Sleep: func(context.Context, time.Duration) error { return nil }}
				base := map[scenarios.Host]string{scenarios.API: tier.URL, scenarios.Reporting: tier.URL, scenarios.ECVAPI: tier.URL}
				tgt := scenarios.Target{Base: base, Client: client, Creds: scenarios.Credentials{ServiceKey: "k3y-of-the-tier"}}
				began := time.Now()
				rep, err := Run(context.Background(), Config{TargetName: tier.URL, Target: tgt, Scenarios: []scenarios.Scenario{everyStepKind()}})
				if err != nil {
					t.Fatal(err)
				}
				if took := time.Since(began); took > 20*time.Second {
					t.Errorf("the run took %v", took)
				}
				checkFailureFinding(t, rep, c, kind.step, tier.URL)
				for _, s := range tier.Strays() {
					t.Errorf("stray: %s", s)
				}
			})
		}
	}
}

func checkFailureFinding(t *testing.T, rep *Report, c hostile.Case, step, host string) {
	t.Helper()
	if c.Unreachable {
		if !rep.Unreachable {
			t.Errorf("nothing answered, yet the target is not reported unreachable")
		}
		step = "get json" // every step fails alike; the first is enough
	} else if !rep.FailsAt(Breaking) {
		t.Errorf("the run passes at the default --fail-on")
	}
	rule := c.Rule
	if rule == RuleStatusChanged { // no reference mock here: the expectation fails instead
		rule = RuleStepFailed
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+" @ "+f.Step)
		if f.Step != step || f.Rule != rule && !hasRule(f.Also, rule) {
			continue
		}
		if f.OperationID == "" || f.Host != host {
			t.Errorf("the finding names operation %q and host %q, want the step's and %s", f.OperationID, f.Host, host)
		}
		if isTransportRule(rule) && !tookPattern.MatchString(f.Seen) {
			t.Errorf("the finding does not say how long it took: %+v", f)
		}
		if (rule == RuleBodyTruncated || rule == RuleStalledInBody || rule == RuleResponseTooLarge) && !strings.Contains(f.Seen, "byte") {
			t.Errorf("the finding does not say what arrived: %+v", f)
		}
		if c.Name == "rate-limited" && !slicesContainRule(rep.Findings, RuleRetried) {
			t.Errorf("429s retried away without a retried warning")
		}
		return
	}
	t.Errorf("no %s finding at step %q; findings: %v", rule, step, got)
}

var tookPattern = regexp.MustCompile(`\d(\.\d)?(ms|s)\b`)

func isTransportRule(rule string) bool {
	switch rule {
	case RuleStalledBeforeAnswer, RuleStalledInBody, RuleBodyTruncated, RuleConnectionReset, RuleTLSFailed, RuleResponseTooLarge:
		return true
	}
	return false
}

func hasRule(rules []string, rule string) bool {
	for _, r := range rules {
		if r == rule {
			return true
		}
	}
	return false
}

func slicesContainRule(fs []Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
