package shipping

import (
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The actions' scripts, run here as their action.yml runs them (bash,
// the step's env, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY and
// RUNNER_TEMP files of their own): install.sh builds both commands from
// this checkout, start.sh starts mockdex in the background in a namespace
// and waits on /readyz, run.sh runs contract against it in that
// namespace, clean and then drifting.
func TestActionScriptsAgainstALocalMockdex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both commands and runs a contract scenario")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed (GitHub's runners have it)")
	}
	root := repoRoot(t)
	runner := t.TempDir()
	step := func(src string, env map[string]string) (int, string, string, map[string]string) {
		t.Helper()
		out := filepath.Join(runner, "output")
		os.Remove(out)
		all := map[string]string{"RUNNER_TEMP": runner, "GITHUB_OUTPUT": out, "GITHUB_ENV": filepath.Join(runner, "env"),
			"GITHUB_STEP_SUMMARY": filepath.Join(runner, "summary"), "GITHUB_JOB": "App_Tests", "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "2"}
		for k, v := range env {
			all[k] = v
		}
		code, stdout, stderr := script(t, src, runner, all, filepath.Dir(goBinary(t)))
		return code, stdout, stderr, outputs(t, out)
	}

	env := goEnv(t)
	code, stdout, stderr, out := step(`"$ACTIONS/install.sh" mockdex contract`, with(env, "ACTIONS", filepath.Join(root, "actions")))
	bin := out["bin"]
	if code != 0 || bin == "" || strings.TrimSpace(stdout) != bin {
		t.Fatalf("install.sh: exit %d, outputs %v\n%s%s", code, out, stdout, stderr)
	}

	start := filepath.Join(root, "actions", "mockdex", "start.sh")
	code, stdout, stderr, out = step(`"$START"`, map[string]string{"START": start, "MOCKDEX_BIN": bin,
		"INPUT_ADDR": "127.0.0.1:0", "INPUT_ARGS": "--history-days 1 --clock manual", "INPUT_WAIT": "60"})
	if code != 0 {
		t.Fatalf("start.sh: exit %d\n%s%s", code, stdout, stderr)
	}
	pid, _ := strconv.Atoi(out["pid"])
	t.Cleanup(func() { stopMock(t, pid) })
	url, ns := out["url"], out["namespace"]
	if !strings.HasPrefix(url, "http://127.0.0.1:") || ns != "app_tests-4242-2" || !strings.Contains(stdout, url) {
		t.Fatalf("start.sh outputs %v, stdout %q", out, stdout)
	}
	if env, _ := os.ReadFile(filepath.Join(runner, "env")); !strings.Contains(string(env), "MOCKDEX_URL="+url+"\n") || !strings.Contains(string(env), "MOCKDEX_NAMESPACE="+ns+"\n") {
		t.Errorf("GITHUB_ENV for later steps: %q", env)
	}
	if resp, err := http.Get(url + "/readyz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the mock start.sh left running: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	run := filepath.Join(root, "actions", "contract", "run.sh")
	contract := map[string]string{"RUN": run, "CONTRACT_BIN": bin, "INPUT_TARGET": url, "INPUT_NAMESPACE": ns,
		"INPUT_ARGS": "--run practice-regions --rps 0"}
	code, stdout, stderr, out = step(`"$RUN"`, contract)
	if code != 0 || out["exit-code"] != "0" {
		t.Fatalf("run.sh on a clean mock: exit %d, outputs %v\n%s%s", code, out, stdout, stderr)
	}
	if suites := junitSuites(t, out["junit"]); suites == 0 {
		t.Error("the JUnit report has no test suite")
	}
	summary, _ := os.ReadFile(filepath.Join(runner, "summary"))
	if md, err := os.ReadFile(out["markdown"]); err != nil || len(md) == 0 || !strings.Contains(string(summary), string(md)) {
		t.Errorf("the Markdown report (%v) is not the job summary:\n%s", err, summary)
	}

	// A fault in the action's namespace makes the same run drift.
	fault, err := http.NewRequest(http.MethodPost, url+"/_mockdex/faults", strings.NewReader(`{"operationId":"getPractice","status":503}`))
	if err != nil {
		t.Fatal(err)
	}
	fault.Header.Set("Content-Type", "application/json")
	fault.Header.Set("X-Mockdex-Namespace", ns)
	if resp, err := http.DefaultClient.Do(fault); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("adding a fault: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	code, stdout, _, out = step(`"$RUN"`, contract)
	if code != 1 || out["exit-code"] != "1" || !regexpAnnotation.MatchString(stdout) {
		t.Errorf("run.sh on a drifting mock: exit %d, outputs %v, annotations in\n%s", code, out, stdout)
	}
	code, _, _, out = step(`"$RUN"`, with(contract, "INPUT_FAIL", "false"))
	if code != 0 || out["exit-code"] != "1" {
		t.Errorf("run.sh with fail: false: exit %d, outputs %v", code, out)
	}
	code, stdout, _, _ = step(`"$RUN"`, with(contract, "INPUT_ALLOW_WRITES", "yes"))
	if code != 2 || !strings.Contains(stdout, "::error title=contract::allow-writes") {
		t.Errorf("run.sh with allow-writes: yes: exit %d\n%s", code, stdout)
	}
}

// start.sh refuses a namespace the mock would refuse, and reports a mock
// that stops before it is ready with its log.
func TestStartScriptFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mockdex")
	}
	start := filepath.Join(repoRoot(t), "actions", "mockdex", "start.sh")
	runner := t.TempDir()
	bin := filepath.Join(builtImage(t))
	env := map[string]string{"START": start, "MOCKDEX_BIN": bin, "RUNNER_TEMP": runner, "INPUT_ADDR": "127.0.0.1:0"}
	code, stdout, _ := script(t, `"$START"`, runner, with(env, "INPUT_NAMESPACE", "Not A Name"))
	if code != 2 || !strings.Contains(stdout, `::error title=mockdex::namespace "Not A Name"`) {
		t.Errorf("a bad namespace: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = script(t, `"$START"`, runner, with(env, "INPUT_ARGS", "--clock warp"))
	if code != 1 || !strings.Contains(stdout, "stopped before it was ready") || !strings.Contains(stdout, `clock "warp"`) {
		t.Errorf("a mock that cannot start: exit %d\n%s", code, stdout)
	}
}

// Each action is a composite whose run steps say their shell, whose
// inputs and outputs are described, and whose expressions name only
// inputs it declares and steps it has.
func TestActionMetadata(t *testing.T) {
	for _, name := range []string{"mockdex", "contract"} {
		path := filepath.Join(repoRoot(t), "actions", name, "action.yml")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var action struct {
			Name, Description string
			Inputs            map[string]struct{ Description, Default string }
			Outputs           map[string]struct{ Description, Value string }
			Runs              struct {
				Using string
				Steps []struct{ ID, Run, Shell, Uses string }
			}
		}
		if err := yaml.Unmarshal(b, &action); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if action.Runs.Using != "composite" || action.Description == "" {
			t.Errorf("%s: a described composite action, got %q", name, action.Runs.Using)
		}
		ids := map[string]bool{}
		for _, st := range action.Runs.Steps {
			ids[st.ID] = st.ID != ""
			if st.Run != "" && st.Shell != "bash" {
				t.Errorf("%s: the step running %s needs shell: bash", name, st.Run)
			}
		}
		for in, v := range action.Inputs {
			if v.Description == "" {
				t.Errorf("%s: input %s has no description", name, in)
			}
		}
		for _, m := range regexpInput.FindAllStringSubmatch(string(b), -1) {
			if _, ok := action.Inputs[m[1]]; !ok {
				t.Errorf("%s: uses inputs.%s, which it does not declare", name, m[1])
			}
		}
		for out, v := range action.Outputs {
			m := regexpStepOutput.FindStringSubmatch(v.Value)
			if v.Description == "" || m == nil || !ids[m[1]] {
				t.Errorf("%s: output %s = %q: describe it and take it from a step of the action", name, out, v.Value)
			}
		}
	}
}

var (
	regexpInput      = regexp.MustCompile(`inputs\.([a-z0-9-]+)`)
	regexpStepOutput = regexp.MustCompile(`^\$\{\{ steps\.([a-z0-9-]+)\.outputs\.[a-z0-9-]+ \}\}$`)
)

// outputs reads a GITHUB_OUTPUT file of name=value lines.
func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return map[string]string{}
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// junitSuites is the number of test suites in a JUnit report.
func junitSuites(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no JUnit report: %v", err)
	}
	var report struct {
		Suites []struct{} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &report); err != nil {
		t.Fatalf("%s is not JUnit XML: %v", path, err)
	}
	return len(report.Suites)
}

// stopMock ends the mock start.sh left running (a runner ends it with
// the job), by the pid start.sh gave, and waits until it has gone.
func stopMock(t *testing.T, pid int) {
	if pid <= 0 {
		return
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		return
	}
	for range 100 {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("mockdex (pid %d) did not stop on SIGTERM", pid)
	syscall.Kill(pid, syscall.SIGKILL)
}

func with(env map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for key, val := range env {
		if key != k {
			out[key] = val
		}
	}
	return out
}
