package shipping

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/mockdextest"
)

// script is a recipe's shell snippet, run as its CI would run it: bash
// with -e and pipefail (GitHub's `bash --noprofile --norc -eo pipefail`,
// GitLab's generated script), in a directory of its own, with only the
// environment given (and PATH). It returns the exit code and outputs.
func script(t *testing.T, src, dir string, env map[string]string, path ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", src)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + strings.Join(append(path, "/usr/local/bin", "/usr/bin", "/bin"), ":"), "HOME=" + dir}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cmd.Env = append(cmd.Env, k+"="+env[k])
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), stdout.String(), stderr.String()
	} else if err != nil {
		t.Fatalf("bash: %v", err)
	}
	return 0, stdout.String(), stderr.String()
}

// stepEnv gives each name of a GitHub step's env: block the value the
// test stands in for the secret or variable, failing on a name the test
// does not know (so the test keeps up with the recipe).
func stepEnv(t *testing.T, step any, values map[string]string) map[string]string {
	t.Helper()
	names, _ := dig(step, "env").(map[string]any)
	out := map[string]string{}
	for name := range names {
		v, ok := values[name]
		if !ok {
			t.Fatalf("the step reads %s; give the test a value for it", name)
		}
		out[name] = v
	}
	return out
}

// jobVariables expands a GitLab job's variables: block as GitLab does,
// $NAME taken from the CI/CD variables the test stands in for.
func jobVariables(t *testing.T, job any, cicd map[string]string) map[string]string {
	t.Helper()
	vars, _ := dig(job, "variables").(map[string]any)
	out := map[string]string{}
	for name, v := range vars {
		s, _ := v.(string)
		if ref, ok := strings.CutPrefix(s, "$"); ok {
			val, known := cicd[ref]
			if !known {
				t.Fatalf("the job reads $%s; give the test a value for it", ref)
			}
			s = val
		}
		out[name] = s
	}
	return out
}

func stepWithRun(t *testing.T, job any, s string) any {
	t.Helper()
	steps, _ := dig(job, "steps").([]any)
	for _, st := range steps {
		if run, _ := dig(st, "run").(string); strings.Contains(run, s) {
			return st
		}
	}
	t.Fatalf("no step runs %q", s)
	return nil
}

// fakeIdentityProvider answers the resource-owner password grant the
// recipes send, for the right client and patient only.
func fakeIdentityProvider(t *testing.T, token string) *httptest.Server {
	t.Helper()
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "password" || r.PostForm.Get("client_id") != "client-1" ||
			r.PostForm.Get("client_secret") != "client-secret" || r.PostForm.Get("username") != "uat-patient" ||
			r.PostForm.Get("password") != "pa ss&word" || r.PostForm.Get("scope") != "openid" {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusForbidden)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"access_token": token, "token_type": "Bearer"})
	}))
	t.Cleanup(idp.Close)
	return idp
}

// The token steps run as written: they ask the identity provider for a
// patient token, mask it, and hand it to the contract step; a provider
// that gives none stops the job with a clear error.
func TestTokenStepsRunAsWritten(t *testing.T) {
	for _, tool := range []string{"curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (GitHub's and GitLab's runners have it)", tool)
		}
	}
	idp := fakeIdentityProvider(t, "tok-123")
	gh := map[string]string{"TOKEN_URL": idp.URL, "CLIENT_ID": "client-1", "CLIENT_SECRET": "client-secret",
		"PATIENT_USERNAME": "uat-patient", "PATIENT_PASSWORD": "pa ss&word"}
	step := stepWithRun(t, dig(yamlFile(t, examples(t, "ci", "github", "contract-nightly.yml")), "jobs", "contract"), "add-mask")
	dir := t.TempDir()
	env := stepEnv(t, step, gh)
	env["GITHUB_ENV"] = filepath.Join(dir, "github_env")
	code, stdout, stderr := script(t, dig(step, "run").(string), dir, env)
	exported, _ := os.ReadFile(env["GITHUB_ENV"])
	if code != 0 || string(exported) != "DEXCARE_JWT=tok-123\n" || !strings.Contains(stdout, "::add-mask::tok-123") {
		t.Errorf("GitHub token step: exit %d, GITHUB_ENV %q\n%s%s", code, exported, stdout, stderr)
	}
	env["PATIENT_PASSWORD"] = "wrong"
	if code, stdout, _ := script(t, dig(step, "run").(string), dir, env); code == 0 || strings.Contains(stdout, "add-mask") {
		t.Errorf("GitHub token step goes on without a token: exit %d\n%s", code, stdout)
	}

	item := scriptItem(t, dig(yamlFile(t, examples(t, "ci", "gitlab", ".gitlab-ci.yml")), "contract-nightly"), "DEXCARE_JWT=")
	gl := map[string]string{"DEXCARE_UAT_TOKEN_URL": idp.URL, "DEXCARE_UAT_CLIENT_ID": "client-1", "DEXCARE_UAT_CLIENT_SECRET": "client-secret",
		"DEXCARE_UAT_PATIENT_USERNAME": "uat-patient", "DEXCARE_UAT_PATIENT_PASSWORD": "pa ss&word"}
	code, stdout, stderr = script(t, item+"\nprintf 'got=%s\\n' \"$(printenv DEXCARE_JWT)\"", t.TempDir(), gl)
	if code != 0 || strings.TrimSpace(stdout) != "got=tok-123" {
		t.Errorf("GitLab token item: exit %d\n%s%s", code, stdout, stderr)
	}
	gl["DEXCARE_UAT_PATIENT_PASSWORD"] = "wrong"
	if code, _, _ := script(t, item, t.TempDir(), gl); code == 0 {
		t.Error("GitLab token item goes on without a token")
	}
}

// The nightly contract commands run as written, once each, against a mock
// that drifts (a fault turns an answer into a 503): one run writes the
// JUnit report, the Markdown summary and (on GitHub) annotations, and
// exits 1 for drift.
func TestNightlyContractRunsAsWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the contract scenarios (rate-limited, about a minute)")
	}
	t.Parallel() // builds or waits: overlap it with the others
	bin := filepath.Dir(filepath.Join(builtImage(t), "contract"))
	gh := stepWithRun(t, dig(yamlFile(t, examples(t, "ci", "github", "contract-nightly.yml")), "jobs", "contract"), "contract run")
	glJob := dig(yamlFile(t, examples(t, "ci", "gitlab", ".gitlab-ci.yml")), "contract-nightly")
	gl := scriptItem(t, glJob, "contract run")
	for _, c := range []struct {
		name, src   string
		env         func(m *mockdextest.Server) map[string]string
		annotations bool
	}{
		{"github", dig(gh, "run").(string), func(m *mockdextest.Server) map[string]string {
			env := stepEnv(t, gh, map[string]string{"DEXCARE_SERVICE_KEY": m.ServiceKey(), "DEXCARE_API_KEY": m.APIKey(),
				"DEXCARE_PATIENT_GUID": mockdextest.PatientJoe, "DEXCARE_PRACTICE_ID": mockdextest.PracticeVirtualVisits,
				"UAT_ECVAPI": m.URL, "UAT_API": m.URL})
			env["DEXCARE_JWT"] = longToken(t, m) // from the token step, through GITHUB_ENV
			return env
		}, true},
		{"gitlab", gl, func(m *mockdextest.Server) map[string]string {
			env := jobVariables(t, glJob, map[string]string{"DEXCARE_UAT_SERVICE_KEY": m.ServiceKey(), "DEXCARE_UAT_API_KEY": m.APIKey(),
				"DEXCARE_UAT_PATIENT_GUID": mockdextest.PatientJoe, "DEXCARE_UAT_PRACTICE_ID": mockdextest.PracticeVirtualVisits})
			env["DEXCARE_UAT_ECVAPI_URL"], env["DEXCARE_UAT_API_URL"] = m.URL, m.URL
			env["DEXCARE_JWT"] = longToken(t, m) // exported by the token item
			return env
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14), mockdextest.Lenient())
			m.AddFault(mockdextest.Fault{OperationID: "getModalities", Status: http.StatusServiceUnavailable})
			dir := t.TempDir()
			defer runClock(m)()
			code, stdout, stderr := script(t, unlimited(t, c.src), dir, c.env(m), bin)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (drift):\n%s%s", code, stdout, stderr)
			}
			if strings.Contains(stdout, "job-stuck") {
				t.Errorf("a report job stuck on a mock whose clock runs:\n%s", stdout)
			}
			checkJUnit(t, filepath.Join(dir, "contract.xml"))
			if md, err := os.ReadFile(filepath.Join(dir, "summary.md")); err != nil || !strings.Contains(string(md), "status-changed") {
				t.Errorf("summary.md names no finding (%v):\n%s", err, md)
			}
			if c.annotations && !regexpAnnotation.MatchString(stdout) {
				t.Errorf("no GitHub annotation on stdout:\n%s", stdout)
			}
		})
	}
}

// unlimited is a recipe's command with its rate limit toward the tier
// (--rps N) lifted: the limit spares a shared UAT tier, and against a
// mock of the test's own it only made the replay wait (over two minutes
// of a cold CI run, with the machine idle). The recipe must set one.
func unlimited(t *testing.T, src string) string {
	t.Helper()
	rps := regexp.MustCompile(`--rps [0-9]+`)
	if !rps.MatchString(src) {
		t.Fatalf("the recipe sets no --rps toward the tier:\n%s", src)
	}
	return rps.ReplaceAllString(src, "--rps 0")
}

// runClock moves the mock's clock along, a minute each tenth of a
// second, until the returned stop: a tier's clock runs, and its report
// jobs finish. A test mock's stands still, so the replay held every AVR
// job QUEUED for the runner's whole two-minute poll deadline, a
// job-stuck finding the test never meant to make.
func runClock(m *mockdextest.Server) (stop func()) {
	done := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				m.Clock.Advance(time.Minute)
			}
		}
	}()
	return func() { close(done); <-ticked }
}

// longToken is a patient token that outlives the run's clock moves.
func longToken(t *testing.T, m *mockdextest.Server) string {
	t.Helper()
	tok, err := auth.Mint(auth.DefaultJWTSecret, mockdextest.PatientJoe, m.Clock.Now(), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// regexpAnnotation is a GitHub workflow command that annotates the run.
var regexpAnnotation = regexp.MustCompile(`(?m)^::(error|warning|notice)( [^:]*)?::`)

func checkJUnit(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no JUnit report: %v", err)
	}
	var suites struct {
		Suites []struct {
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &suites); err != nil || len(suites.Suites) == 0 {
		t.Fatalf("contract.xml is not JUnit XML (%v):\n%s", err, b)
	}
	failures := 0
	for _, s := range suites.Suites {
		failures += s.Failures
	}
	if failures == 0 {
		t.Errorf("contract.xml reports no failure for a drifting mock")
	}
}
