package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
	"github.com/mockdex/mockdex/spec/avrcsv"
)

func TestLooksProduction(t *testing.T) {
	cases := map[string]bool{
		"https://api.care.example.org":      true,
		"https://ecvapi.care.example.org":   true,
		"https://api.uat.care.example.org":  false,
		"https://api-dev.care.example.org":  false,
		"https://api.care-test.example.org": false,
		"http://localhost:8080":             false,
		"http://127.0.0.1:8080":             false,
		"http://10.0.0.5:8080":              false,
		"http://mockdex:8080":               false,
		"not a url":                         true,
	}
	for u, want := range cases {
		if got := LooksProduction(u); got != want {
			t.Errorf("LooksProduction(%q) = %v, want %v", u, got, want)
		}
	}
}

// fakeDoer answers from a script of statuses and counts calls.
type fakeDoer struct {
	statuses []int
	header   http.Header
	calls    int
	bodies   []string
}

func (f *fakeDoer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		f.bodies = append(f.bodies, string(b))
	}
	st := f.statuses[min(f.calls, len(f.statuses)-1)]
	f.calls++
	h := f.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: st, Header: h, Body: io.NopCloser(strings.NewReader("{}"))}, nil
}

func TestClientRetriesHonouringRetryAfter(t *testing.T) {
	var waits []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	cases := []struct {
		name      string
		statuses  []int
		header    http.Header
		wantCalls int
		wantWait  time.Duration
	}{
		{"429 with Retry-After", []int{429, 200}, http.Header{"Retry-After": {"7"}}, 2, 7 * time.Second},
		{"503 without Retry-After backs off", []int{503, 503, 200}, nil, 3, time.Second},
		{"500 is an answer, not retried", []int{500, 200}, nil, 1, 0},
		{"gives up after the retries", []int{429}, nil, 4, time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			waits = nil
			f := &fakeDoer{statuses: c.statuses, header: c.header}
			cl := &Client{Next: f, Retries: 3, Backoff: time.Second, Sleep: sleep}
			req, _ := http.NewRequest(http.MethodPost, "http://tier.test/x", strings.NewReader(`{"a":1}`))
			resp, err := cl.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if f.calls != c.wantCalls {
				t.Errorf("%d calls, want %d", f.calls, c.wantCalls)
			}
			if c.wantWait > 0 && (len(waits) == 0 || waits[0] != c.wantWait) {
				t.Errorf("waits %v, want first %v", waits, c.wantWait)
			}
			for i, b := range f.bodies {
				if b != `{"a":1}` {
					t.Errorf("attempt %d sent body %q: a retry must resend the body", i+1, b)
				}
			}
			if req.Header.Get(CorrelationHeader) == "" {
				t.Error("no correlation-id on the request")
			}
		})
	}
}

func TestClientRateLimit(t *testing.T) {
	var waited time.Duration
	cl := &Client{Next: &fakeDoer{statuses: []int{200}}, RPS: 4,
		Sleep: func(_ context.Context, d time.Duration) error { waited += d; return nil }}
	for range 5 {
		req, _ := http.NewRequest(http.MethodGet, "http://tier.test/x", nil)
		resp, _ := cl.Do(req)
		resp.Body.Close()
	}
	// Five requests at 4/s: the last starts about a second after the first.
	if waited < 900*time.Millisecond {
		t.Errorf("waited %v in total for 5 requests at 4 rps, want about 1s or more", waited)
	}
}

func exchange(status int, ct, body string) scenarios.Exchange {
	return scenarios.Exchange{Method: "GET", URL: "http://x/api/9/modalities", Status: status,
		RespHeader: http.Header{"Content-Type": {ct}}, RespBody: []byte(body)}
}

func TestDiffLearnsNoiseFromTwoMockRuns(t *testing.T) {
	ref := exchange(200, "application/json", `{"id":"a1","status":"QUEUED","at":"2024-06-03T16:00:00Z"}`)
	other := exchange(200, "application/json", `{"id":"b2","status":"QUEUED","at":"2024-06-10T16:00:00Z"}`)
	nz := learnNoise(ref, other)
	tgt := exchange(200, "application/json", `{"id":"zz","status":"PENDING","at":"2030-01-01T00:00:00Z"}`)
	fs := compareExchange(ref, tgt, nz)
	if len(fs) != 1 || fs[0].Rule != RuleNewEnumValue || fs[0].Pointer != "/status" {
		t.Fatalf("findings %+v: want only new-enum-value at /status (id and at are noise)", fs)
	}
	typed := exchange(200, "application/json", `{"id":7,"status":"QUEUED","at":"x"}`)
	got := map[string]string{}
	for _, f := range compareExchange(ref, typed, nz) {
		got[f.Pointer] = f.Rule
	}
	if len(got) != 2 || got["/id"] != RuleTypeChanged || got["/at"] != RuleValueFormChanged {
		t.Errorf("noise paths keep their type and form: findings %+v", got)
	}
}

func TestDiffReportsAnEmptyListAsLackingDataAndTopmostField(t *testing.T) {
	ref := exchange(200, "application/json", `{"data":[{"a":{"b":1}}],"count":1}`)
	emptyTgt := exchange(200, "application/json", `{"data":[],"count":0}`)
	fs := compareExchange(ref, emptyTgt, noise{paths: map[string]bool{}})
	if len(fs) != 1 || fs[0].Rule != RuleTargetLacksData || fs[0].Pointer != "/data" || fs[0].Severity != Info {
		t.Errorf("an empty list cannot miss its elements' fields; it lacks the data (one info at /data): %+v", fs)
	}
	noA := exchange(200, "application/json", `{"data":[{}],"count":1}`)
	fs = compareExchange(ref, noA, noise{paths: map[string]bool{}})
	if len(fs) != 1 || fs[0].Pointer != "/data/*/a" {
		t.Errorf("want one missing-field at /data/*/a, got %+v", fs)
	}
}

// Which providers and departments a tier lists is its data: a map keyed
// by NPI or EHR id is compared by the shape of its values, not its keys.
func TestDiffFoldsMapKeys(t *testing.T) {
	ref := exchange(200, "application/json", `{"providers":{"1902100004":{"name":"A"}},"departments":{"epic.acme|900100004":{"name":"C4"}},"address":{"line1":"x"}}`)
	tgt := exchange(200, "application/json", `{"providers":{"1629394572":{"name":"B"}},"departments":{"org.x|123446001":{"name":"Kent"}},"address":{"line1":"y"}}`)
	if fs := compareExchange(ref, tgt, noise{paths: map[string]bool{}}); len(fs) != 0 {
		t.Errorf("other keys of a map are not drift: %+v", fs)
	}
	typed := exchange(200, "application/json", `{"providers":{"1629394572":{"name":7}},"departments":{"org.x|123446001":{}},"address":{"line2":"y"}}`)
	got := map[string]string{}
	for _, f := range compareExchange(ref, typed, noise{paths: map[string]bool{}}) {
		got[f.Pointer] = f.Rule
	}
	want := map[string]string{"/providers/{key}/name": RuleTypeChanged, "/departments/{key}/name": RuleMissingField, "/address/line1": RuleMissingField}
	for p, rule := range want {
		if got[p] != rule {
			t.Errorf("%s: want %s, findings %+v", p, rule, got)
		}
	}
}

// A list (or a map by NPI or department) the mock leaves empty where the
// target fills it is the mock's world lacking data: one finding at the
// list naming that side, never a field finding pointing at the target
// (issue 19: a mirrored mock's `results: []` against the tier's Acme
// Clinic 4 read as `missing-field .../address/line2`).
func TestDiffNamesTheSideThatLacksData(t *testing.T) {
	tier := `{"results":[{"npi":"1629394572","address":{"line1":"400 2nd Ave S","line2":"Suite 4"}}],"departments":{"epic.acme|900100004":{"name":"Acme Clinic 4"}},"count":1}`
	bare := `{"results":[],"departments":{},"count":0}`
	nz := noise{paths: map[string]bool{}}
	for _, c := range []struct {
		name, ref, tgt string
		rule           string
		sev            Severity
	}{
		{"the mock lacks it", bare, tier, RuleMockLacksData, Warning},
		{"the target lacks it", tier, bare, RuleTargetLacksData, Info},
	} {
		got := map[string]string{}
		for _, f := range compareExchange(exchange(200, "application/json", c.ref), exchange(200, "application/json", c.tgt), nz) {
			if f.Severity != c.sev {
				t.Errorf("%s: %s at %s is %s, want %s", c.name, f.Rule, f.Pointer, f.Severity, c.sev)
			}
			got[f.Pointer] = f.Rule
		}
		want := map[string]string{"/results": c.rule, "/departments": c.rule}
		if len(got) != len(want) || got["/results"] != c.rule || got["/departments"] != c.rule {
			t.Errorf("%s: findings %v, want %v (nothing below the lists)", c.name, got, want)
		}
	}
	// One side finds what was asked for, the other answers 404: the
	// status change (still breaking) says which side lacks it.
	for _, c := range []struct {
		ref, tgt int
		says     string
	}{{404, 200, "the mock's world lacks it"}, {200, 404, "the target lacks what was asked for"}} {
		fs := compareExchange(exchange(c.ref, "application/json", `{}`), exchange(c.tgt, "application/json", `{}`), nz)
		if len(fs) != 1 || fs[0].Rule != RuleStatusChanged || fs[0].Severity != Breaking || !strings.Contains(fs[0].Message, c.says) {
			t.Errorf("mock %d, target %d: want a breaking status-changed saying %q, got %+v", c.ref, c.tgt, c.says, fs)
		}
	}
	// Both sides list entries: their fields are compared as before.
	other := `{"results":[{"npi":"1629394572","address":{"line1":"1 Main St"}}],"departments":{"epic.acme|900100004":{"name":"C4"}},"count":1}`
	fs := compareExchange(exchange(200, "application/json", tier), exchange(200, "application/json", other), nz)
	if len(fs) != 1 || fs[0].Rule != RuleMissingField || fs[0].Pointer != "/results/*/address/line2" {
		t.Errorf("entries on both sides: want one missing-field at /results/*/address/line2, got %+v", fs)
	}
}

func TestDiffComparesCSVHeadersInOrder(t *testing.T) {
	ref := exchange(200, "text/csv", "visitId,status,createdAt\n1,done,x\n")
	cases := map[string]struct {
		body string
		rule string
	}{
		"dropped":   {"visitId,createdAt\n", RuleCSVColumnDropped},
		"renamed":   {"visitId,state,createdAt\n", RuleCSVColumnRenamed},
		"added":     {"visitId,status,createdAt,extra\n", RuleCSVColumnAdded},
		"reordered": {"visitId,createdAt,status\n", RuleCSVColumnReordered},
	}
	for name, c := range cases {
		fs := compareExchange(ref, exchange(200, "text/csv; charset=utf-8", c.body), noise{paths: map[string]bool{}})
		if len(fs) != 1 || fs[0].Rule != c.rule || fs[0].Severity != Breaking {
			t.Errorf("%s: findings %+v, want one breaking %s", name, fs, c.rule)
		}
	}
}

func TestEveryCSVDownloadIsHeldToTheColumnContract(t *testing.T) {
	good := strings.Join(avrcsv.Names(), ",") + "\n"
	if fs := csvFindings(exchange(200, "text/csv", good)); len(fs) != 0 {
		t.Errorf("the contract's own header: %+v", fs)
	}
	swapped := avrcsv.Names()
	swapped[1], swapped[2] = swapped[2], swapped[1]
	if fs := csvFindings(exchange(200, "text/csv", strings.Join(swapped, ",")+"\n")); len(fs) != 1 || fs[0].Rule != RuleCSVColumnReordered {
		t.Errorf("two columns swapped: %+v", fs)
	}
	row := make([]string, len(avrcsv.Names()))
	row[0], row[5] = "not-a-guid", "1717430400"
	fs := csvFindings(exchange(200, "text/csv", good+strings.Join(row, ",")+"\n"))
	rules := map[string]bool{}
	for _, f := range fs {
		rules[f.Rule+" "+f.Pointer] = true
		if strings.Contains(f.Seen+f.Message, "1717430400") {
			t.Errorf("a finding quotes a CSV value: %+v", f)
		}
	}
	if !rules[RuleCSVValueForm+" /csv/visitId"] || !rules[RuleCSVValueForm+" /csv/createdAt"] {
		t.Errorf("value forms: %+v", fs)
	}
}

func TestDiffCatchesAValueThatChangesForm(t *testing.T) {
	ref := exchange(200, "application/json", `{"id":"3b690e39-4659-40f9-9909-58b27c0a4383","at":"2024-06-03T16:00:00Z","name":"a"}`)
	other := exchange(200, "application/json", `{"id":"7f1d0e39-4659-40f9-9909-58b27c0a4383","at":"2024-06-10T16:00:00Z","name":"b"}`)
	nz := learnNoise(ref, other)
	tgt := exchange(200, "application/json", `{"id":"3b690e39","at":"2024-06-03 16:00:00","name":"c"}`)
	got := map[string]bool{}
	for _, f := range compareExchange(ref, tgt, nz) {
		got[f.Rule+" "+f.Pointer] = true
	}
	if !got[RuleValueFormChanged+" /id"] || !got[RuleValueFormChanged+" /at"] || len(got) != 2 {
		t.Errorf("findings %v: want value-form-changed at /id and /at only", got)
	}
}

func TestValidatorCatchesUndeclaredAndWrongTypes(t *testing.T) {
	v, err := NewValidator(spec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	x := scenarios.Exchange{Method: "GET", URL: "http://x/api/8/reporting/allvisitsreport/3b690e39-4659-40f9-9909-58b27c0a4383",
		Status: 200, RespHeader: http.Header{"Content-Type": {"application/json"}}, RespBody: []byte(`{"status":"SUCCEEDED"}`)}
	if fs := v.Check(x); len(fs) != 0 {
		t.Errorf("a valid answer got findings %+v", fs)
	}
	x.RespBody = []byte(`{"status":"SUCCEEDED","extra":1}`)
	if fs := v.Check(x); len(fs) != 1 || fs[0].Rule != RuleUndeclaredField || fs[0].Pointer != "/extra" {
		t.Errorf("undeclared: findings %+v", fs)
	}
	x.RespBody = []byte(`{"status":"DONE"}`)
	if fs := v.Check(x); len(fs) == 0 || fs[0].Rule != RuleSchemaViolation {
		t.Errorf("enum violation: findings %+v", fs)
	}
	x.Status = 418
	if fs := v.Check(x); len(fs) == 0 {
		t.Error("an undocumented status passed validation")
	}
}

// TestStrictModeLeavesMapKeysAlone: Care Options answers key providers by
// NPI and departments by EHR id; strict mode calls every key undeclared,
// but they are data. A field the map's values do not declare is still one.
func TestStrictModeLeavesMapKeysAlone(t *testing.T) {
	v, err := NewValidator(spec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"slots":[],"searchContext":"c","departments":{"epic.acme|900100004":{"departmentId":"900100004","ehrInstance":"epic.acme",
	  "departmentName":"Acme","distanceFrom":0.1,"timezone":"America/Los_Angeles","address":{}}},"providers":{"1902100004":{"name":"Care Team"%s}}}`
	x := scenarios.Exchange{Method: "POST", URL: "http://x/v1/availability/slots", Status: 200,
		RespHeader: http.Header{"Content-Type": {"application/json"}}, RespBody: []byte(fmt.Sprintf(body, ""))}
	if fs := v.Check(x); len(fs) != 0 {
		t.Errorf("map keys reported: %+v", fs)
	}
	x.RespBody = []byte(fmt.Sprintf(body, `,"rating":5`))
	if fs := v.Check(x); len(fs) != 1 || fs[0].Rule != RuleUndeclaredField || !strings.HasSuffix(fs[0].Pointer, "/rating") {
		t.Errorf("a field inside a map's value: findings %+v", fs)
	}
}

func TestScrubberAndRedaction(t *testing.T) {
	s := NewScrubber("SECRET_TOKEN")
	s.LearnJSON([]byte(`{"patient":{"firstName":"Zanzibar","address":{"city":"Quahog"}},"visitId":"v-1"}`))
	s.LearnHeaders(http.Header{"Authorization": {"Bearer eyJhbGciOi.payload.sig"}})
	out := s.Scrub("Zanzibar from Quahog used SECRET_TOKEN and eyJhbGciOi.payload.sig on v-1")
	for _, leaked := range []string{"Zanzibar", "Quahog", "SECRET_TOKEN", "eyJ"} {
		if strings.Contains(out, leaked) {
			t.Errorf("scrubbed text still has %q: %s", leaked, out)
		}
	}
	if !strings.Contains(out, "v-1") {
		t.Error("a visit id is not patient data and should survive")
	}
	// A visit reason is health information: the shared list masks it too.
	red := string(redactJSON([]byte(`{"patient":{"firstName":"Zanzibar"},"billingInfo":{"stripeToken":"tok_1"},"visitReason":"sore throat","visitId":"v-1"}`)))
	if strings.Contains(red, "Zanzibar") || strings.Contains(red, "tok_1") || strings.Contains(red, "sore throat") || !strings.Contains(red, `"visitId":"v-1"`) {
		t.Errorf("redacted body %s", red)
	}
}

func TestRedactionCoversBillingDemographicsAndSessionCredentials(t *testing.T) {
	body := `{"billingInfo":{"gender":"Zorgender","sex":"Zorsex"},"tokBoxVisit":{"apiKey":"Zorkey","waitingRoomSession":{"sessionId":"Zorsession"}},` +
		`"integrations":{"tytoCare":{"account":{"accountId":"Zoraccount"}}}}`
	red := string(redactJSON([]byte(body)))
	s := NewScrubber()
	s.LearnJSON([]byte(body))
	scrubbed := s.Scrub("Zorgender Zorsex Zorkey Zorsession Zoraccount")
	for _, v := range []string{"Zorgender", "Zorsex", "Zorkey", "Zorsession", "Zoraccount"} {
		if strings.Contains(red, v) || strings.Contains(scrubbed, v) {
			t.Errorf("%q survives: redacted %s, scrubbed %s", v, red, scrubbed)
		}
	}
}

func TestScrubberCatchesEscapedValuesInEveryFormat(t *testing.T) {
	// A name with an apostrophe and an ampersand, echoed in an error
	// message: JSON, JUnit and curl lines each escape it differently.
	const name = "Zed O'Brien & <Co>|Ltd"
	s := NewScrubber()
	s.LearnJSON([]byte(`{"patient":{"lastName":"` + name + `"}}`))
	r := sampleReport()
	r.Findings[0].Seen = "no patient " + name
	r.Findings[0].Reproduce = "curl -d " + shellQuote(name)
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, r, WriteOptions{Format: format, FailOn: Breaking, Scrubber: s}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "Brien") {
			t.Errorf("%s report leaks the name:\n%s", format, buf.String())
		}
	}
}

func TestReproduceNamesSecretsByVariable(t *testing.T) {
	x := scenarios.Exchange{Method: "POST", URL: "https://api.uat.example.org/api/8/reporting/allvisitsreport",
		Header: http.Header{"Authorization": {"dc-token s3cr3t"}, "X-Api-Key": {"k3y"}, "Correlation-Id": {"c-1"}},
		Body:   []byte(`{"type":"virtual"}`)}
	got := reproduce(x, nil, nil)
	for _, want := range []string{`"Authorization: dc-token $DEXCARE_SERVICE_KEY"`, `"X-Api-Key: $DEXCARE_API_KEY"`, `'Correlation-Id: c-1'`, `-d '{"type":"virtual"}'`} {
		if !strings.Contains(got, want) {
			t.Errorf("reproduce line lacks %s: %s", want, got)
		}
	}
	if strings.Contains(got, "s3cr3t") || strings.Contains(got, "k3y") {
		t.Errorf("reproduce line leaks a secret: %s", got)
	}
}

func TestSkipReasons(t *testing.T) {
	writes := scenarios.Scenario{Name: "w", Tags: []string{scenarios.Writes}}
	reads := scenarios.Scenario{Name: "r", Tags: []string{scenarios.ReadOnly}}
	pages := scenarios.Scenario{Name: "p", Tags: []string{scenarios.ReadOnly, scenarios.MockdexOnly}}
	cases := []struct {
		name string
		cfg  Config
		sc   scenarios.Scenario
		skip bool
	}{
		{"reads always run", Config{Production: true}, reads, false},
		{"writes need --allow-writes", Config{}, writes, true},
		{"writes allowed on UAT", Config{AllowWrites: true}, writes, false},
		{"production refuses writes", Config{AllowWrites: true, Production: true}, writes, true},
		{"unless the operator insists", Config{AllowWrites: true, Production: true, ProductionOK: true}, writes, false},
		{"mockdex pages skip on DexCare", Config{}, pages, true},
		{"mockdex pages run on a mockdex", Config{Mockdex: true}, pages, false},
	}
	for _, c := range cases {
		if got := skipReason(c.cfg, c.sc) != ""; got != c.skip {
			t.Errorf("%s: skipped=%v, want %v", c.name, got, c.skip)
		}
	}
}

// DexCare's files template the host and put the version in the server
// URL; the validator must still find the operation.
func TestValidatorResolvesTemplatedServerBasePath(t *testing.T) {
	doc := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
	 "servers":[{"url":"https://api.{tier}.example.org/v5","variables":{"tier":{"default":"uat"}}}],
	 "paths":{"/things":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"n":{"type":"integer"}}}}}}}}}}}`
	v, err := NewValidator([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	x := scenarios.Exchange{Method: "GET", URL: "http://127.0.0.1:8080/v5/things", Status: 200,
		RespHeader: http.Header{"Content-Type": {"application/json"}}, RespBody: []byte(`{"n":1}`)}
	if fs := v.Check(x); len(fs) != 0 {
		t.Errorf("findings %+v", fs)
	}
	x.RespBody = []byte(`{"n":"one"}`)
	if fs := v.Check(x); len(fs) != 1 || fs[0].Rule != RuleSchemaViolation || fs[0].Pointer != "/n" {
		t.Errorf("a wrong type: findings %+v", fs)
	}
}
