package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
)

// mutation breaks one operation's answers the way a drifting tier might.
type mutation struct {
	path   string // request path it applies to (suffix match)
	status func(int) int
	body   func(map[string]any) any
	delay  time.Duration
}

// mutatingMock serves an in-process mock (the same seed and clock as the
// runner's reference) through m.
func mutatingMock(t *testing.T, m mutation) *httptest.Server {
	t.Helper()
	mock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.path == "" || !strings.HasSuffix(r.URL.Path, m.path) {
			mock.Handler.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		mock.Handler.ServeHTTP(rec, r)
		body, status := rec.Body.Bytes(), rec.Code
		var v any
		if m.body != nil && json.Unmarshal(body, &v) == nil {
			if obj, ok := v.(map[string]any); ok {
				body, _ = json.Marshal(m.body(obj))
			} else if arr, ok := v.([]any); ok {
				for i, e := range arr {
					if obj, ok := e.(map[string]any); ok {
						arr[i] = m.body(obj)
					}
				}
				body, _ = json.Marshal(arr)
			}
		}
		if m.status != nil {
			status = m.status(status)
		}
		time.Sleep(m.delay)
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(hs.Close)
	return hs
}

func runContract(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"contract", "run", "--rps", "0"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func jsonReport(t *testing.T, s string) contract.Report {
	t.Helper()
	var r contract.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, s)
	}
	return r
}

func hasFinding(r contract.Report, rule, pointer string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule && (pointer == "" || f.Pointer == pointer) {
			return true
		}
	}
	return false
}

func TestMutationsAreReportedUnderTheirRule(t *testing.T) {
	practice := "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80"
	cases := []struct {
		name    string
		run     string
		m       mutation
		rule    string
		pointer string
	}{
		{"rename a field", "practice-regions", mutation{path: practice, body: rename("displayName", "name")}, contract.RuleMissingField, "/displayName"},
		{"change a type", "practice-regions", mutation{path: practice, body: set("epicBookingEnabled", "yes")}, contract.RuleTypeChanged, "/epicBookingEnabled"},
		{"add a field", "practice-regions", mutation{path: practice, body: set("internalNotes", "x")}, contract.RuleUndeclaredField, "/internalNotes"},
		{"drop a field", "practice-regions", mutation{path: practice, body: drop("careMode")}, contract.RuleMissingField, "/careMode"},
		{"break the schema", "practice-regions", mutation{path: practice, body: drop("careMode")}, contract.RuleMissingField, "/careMode"},
		{"change a status", "qualifiers-and-modalities", mutation{path: "/api/9/modalities", status: func(int) int { return http.StatusAccepted }}, contract.RuleStatusChanged, ""},
		{"change an enum value", "waittimes-filters", mutation{path: "/api/9/regions/waittimes", body: set("visitTypeName", "video")}, contract.RuleNewEnumValue, "/*/visitTypeName"},
		{"change an error message", "avr-errors", mutation{path: "/0badc0de-0000-4000-8000-00000000c0de", body: set("error", "Report not found")}, contract.RuleErrorMessageChanged, "/error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hs := mutatingMock(t, c.m)
			code, out, errs := runContract(t, "--target", hs.URL, "--run", "^"+c.run+"$", "--format", "json")
			if code != exitDrift {
				t.Errorf("exit %d, want %d (stderr %s)", code, exitDrift, errs)
			}
			if r := jsonReport(t, out); !hasFinding(r, c.rule, c.pointer) {
				t.Errorf("no %s at %q; findings: %+v", c.rule, c.pointer, r.Findings)
			}
		})
	}
}

// A slow answer is a latency finding that fails the run, never exit 3.
func TestLatencyIsAFindingNotUnreachable(t *testing.T) {
	hs := mutatingMock(t, mutation{path: "/api/9/modalities", delay: 30 * time.Millisecond})
	args := []string{"--target", hs.URL, "--run", "^qualifiers-and-modalities$", "--latency-budget", "20ms", "--format", "json"}
	code, out, _ := runContract(t, args...)
	r := jsonReport(t, out)
	if code != exitDrift || !hasFinding(r, contract.RuleLatencyOverBudget, "") {
		t.Errorf("exit %d, findings %+v; want exit 1 with latency-over-budget", code, r.Findings)
	}
	for _, f := range r.Findings {
		if f.Rule == contract.RuleLatencyOverBudget && (f.Seen == "" || !strings.HasSuffix(f.Seen, "ms")) {
			t.Errorf("latency finding without the measured time: %+v", f)
		}
	}
}

func TestInProcessMockHasNoFindings(t *testing.T) {
	code, out, errs := runContract(t, "--target", "mock", "--allow-writes")
	if code != exitOK {
		t.Errorf("exit %d, stderr %s\n%s", code, errs, out)
	}
	if !strings.HasPrefix(out, "contract OK:") {
		t.Errorf("the summary line must come first, got %q", firstLine(out))
	}
}

func TestWritesAreSkippedWithoutAllowWrites(t *testing.T) {
	code, out, _ := runContract(t, "--target", "mock", "--tags", "writes", "--format", "json")
	r := jsonReport(t, out)
	if code != exitOK || r.Summary.Skipped != r.Summary.Scenarios || r.Summary.Scenarios == 0 {
		t.Fatalf("exit %d, summary %+v: every write scenario should be skipped", code, r.Summary)
	}
	for _, sc := range r.Scenarios {
		if !strings.Contains(sc.Reason, "--allow-writes") {
			t.Errorf("%s skipped with reason %q", sc.Name, sc.Reason)
		}
	}
}

func TestNoSecretOrPatientValueInAnyFormat(t *testing.T) {
	// A mutation makes findings (with reproduce lines) on a step whose
	// request carries a bearer token and patient details.
	// The tier echoes a patient's name and birth date in an undeclared
	// field; the scenarios' own synthetic data may show, those may not.
	hs := mutatingMock(t, mutation{path: "/api/9/visits", body: set("patient", map[string]any{"firstName": "Zanzibar", "dateOfBirth": "1931-02-03"})})
	t.Setenv("DEXCARE_SERVICE_KEY", "SECRET_TOKEN")
	banned := []string{"SECRET_TOKEN", "mockdex-api-key", "eyJ", "Zanzibar", "1931-02-03", "233441f4-129f-4d0e-afaa-b3009dbe80c7"}
	for _, format := range contract.Formats {
		code, out, errs := runContract(t, "--target", hs.URL, "--allow-writes", "--fail-on", "warning", "--run", "virtual-visit|auth-errors|avr-virtual", "--format", format)
		if code != exitDrift {
			t.Errorf("%s: exit %d, want drift (stderr %s)", format, code, errs)
		}
		for _, b := range banned {
			if strings.Contains(out, b) || strings.Contains(errs, b) {
				t.Errorf("%s report contains %q", format, b)
			}
		}
		if format == "text" && !strings.Contains(out, "another patient's summary") {
			t.Errorf("a step name lost a word to redaction:\n%s", out)
		}
		if format == "json" {
			checkReproduceVariables(t, jsonReport(t, out))
		}
	}
}

// checkReproduceVariables: each step's reproduce line names the
// credential it sent by its variable, and the patient by hers.
func checkReproduceVariables(t *testing.T, r contract.Report) {
	t.Helper()
	want := map[string][]string{
		"create":                    {`"Authorization: Bearer $DEXCARE_JWT"`, `"$DEXCARE_PATIENT_GUID"`, `"firstName":"Contract"`},
		"another patient's summary": {`"Authorization: Bearer $DEXCARE_OTHER_JWT"`},
		"reporting with wrong key":  {`'Authorization: dc-token not-the-key'`},
		"start":                     {`"Authorization: dc-token $DEXCARE_SERVICE_KEY"`},
	}
	for _, sc := range r.Scenarios {
		for _, st := range sc.Steps {
			for _, w := range want[st.Name] {
				if !strings.Contains(st.Reproduce, w) {
					t.Errorf("%s › %s: reproduce line lacks %s: %s", sc.Name, st.Name, w, st.Reproduce)
				}
			}
		}
	}
}

func TestExitCodes(t *testing.T) {
	unreachable := httptest.NewServer(http.NotFoundHandler())
	unreachable.Close()
	refuses := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"message":"Authorization failed: bad service token"}`))
	}))
	defer refuses.Close()
	t.Setenv("DEXCARE_SERVICE_KEY", "k")
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, exitUsage},
		{"unknown flag", []string{"--nope"}, exitUsage},
		{"no target", []string{"--format", "json"}, exitUsage},
		{"bad format", []string{"--target", "mock", "--format", "xml"}, exitUsage},
		{"bad fail-on", []string{"--target", "mock", "--fail-on", "fatal"}, exitUsage},
		{"no scenario selected", []string{"--target", "mock", "--run", "^nothing$"}, exitUsage},
		{"missing spec file", []string{"--target", "mock", "--spec", "/nonexistent.yaml"}, exitUsage},
		{"unreachable", []string{"--target", unreachable.URL, "--run", "^avr-virtual$"}, exitUnreachable},
		{"credentials refused", []string{"--target", refuses.URL, "--run", "^avr-virtual$"}, exitUnreachable},
		{"clean", []string{"--target", "mock", "--run", "^avr-errors$"}, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var code int
			if c.args == nil {
				code = run([]string{"contract"}, &bytes.Buffer{}, &bytes.Buffer{})
			} else {
				code, _, _ = runContract(t, c.args...)
			}
			if code != c.want {
				t.Errorf("exit %d, want %d", code, c.want)
			}
		})
	}
}

func TestMissingCredentialsForARealTier(t *testing.T) {
	tier := httptest.NewServer(http.NotFoundHandler()) // answers, but is no mockdex
	defer tier.Close()
	t.Setenv("DEXCARE_SERVICE_KEY", "")
	code, _, errs := runContract(t, "--target", tier.URL, "--run", "^avr-virtual$")
	if code != exitUsage || !strings.Contains(errs, "DEXCARE_SERVICE_KEY") {
		t.Errorf("exit %d, stderr %q: want a usage error naming DEXCARE_SERVICE_KEY", code, errs)
	}
}

func TestList(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"contract", "list"}, &out, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"avr-virtual", "provider-booking", "writes", "missing-field"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list lacks %q", want)
		}
	}
}

func rename(from, to string) func(map[string]any) any {
	return func(m map[string]any) any {
		if v, ok := m[from]; ok {
			m[to] = v
			delete(m, from)
		}
		return m
	}
}

func set(key string, v any) func(map[string]any) any {
	return func(m map[string]any) any {
		m[key] = v
		return m
	}
}

func drop(key string) func(map[string]any) any {
	return func(m map[string]any) any {
		delete(m, key)
		return m
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestRecordThenDiff(t *testing.T) {
	dir := t.TempDir()
	oldDir, newDir := dir+"/old", dir+"/new"
	var out, errb bytes.Buffer
	args := []string{"contract", "record", "--rps", "0", "--run", "^(practice-regions|avr-virtual|virtual-visit)$", "--allow-writes"}
	if code := run(append(args, "--target", "mock", "--out", oldDir), &out, &errb); code != exitOK {
		t.Fatalf("record: exit %d, %s", code, errb.String())
	}
	hs := mutatingMock(t, mutation{path: "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80", body: drop("careMode")})
	if code := run(append(args, "--target", hs.URL, "--out", newDir), &out, &errb); code != exitOK {
		t.Fatalf("record: exit %d, %s", code, errb.String())
	}
	out.Reset()
	code := run([]string{"contract", "diff", "--format", "json", oldDir, newDir}, &out, &errb)
	r := jsonReport(t, out.String())
	if code != exitDrift || !hasFinding(r, contract.RuleMissingField, "/careMode") || len(r.Findings) != 1 {
		t.Errorf("exit %d, findings %+v: want exactly the dropped careMode", code, r.Findings)
	}
	if code := run([]string{"contract", "diff", oldDir, oldDir}, &bytes.Buffer{}, &errb); code != exitOK {
		t.Errorf("a recording against itself: exit %d", code)
	}
	for _, b := range []string{"Contract Check Way", "eyJ", "SECRET_TOKEN", "233441f4-129f-4d0e-afaa-b3009dbe80c7"} {
		if bytes.Contains(readAll(t, newDir+"/virtual-visit.json"), []byte(b)) {
			t.Errorf("recording contains %q", b)
		}
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
