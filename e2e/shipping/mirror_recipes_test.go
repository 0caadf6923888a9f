package shipping

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/mockdextest"
)

// pinnedAction is the action pinned to a commit SHA, not a branch or a
// tag someone can move (TestEveryUsesIsPinnedBySHA wants the version
// comment beside it).
var pinnedAction = regexp.MustCompile(`^peter-evans/create-pull-request@[0-9a-f]{40}$`)

func TestGitHubMirrorWorkflow(t *testing.T) {
	doc := yamlFile(t, examples(t, "ci", "github", "mirror-refresh.yml"))
	job := dig(doc, "jobs", "mirror")
	if dig(doc, "on", "schedule", 0, "cron") == nil || dig(job, "timeout-minutes") == nil {
		t.Error("the mirror workflow needs a schedule and a timeout")
	}
	if dig(doc, "permissions", "contents") != "write" || dig(doc, "permissions", "pull-requests") != "write" {
		t.Errorf("opening a pull request needs contents and pull-requests write: %v", dig(doc, "permissions"))
	}
	run := stepRunning(t, job, "contract mirror")
	for _, want := range []string{"--diff", "--report", "--config", "--out \"$FIXTURES_DIR\"", "--rps"} {
		if !strings.Contains(run, want) {
			t.Errorf("the mirror step lacks %s:\n%s", want, run)
		}
	}
	pr := stepUsing(t, job, "peter-evans/create-pull-request")
	if uses, _ := dig(pr, "uses").(string); !pinnedAction.MatchString(uses) {
		t.Errorf("pin create-pull-request to a commit SHA: %s", uses)
	}
	if dig(pr, "with", "add-paths") != "${{ env.FIXTURES_DIR }}" || dig(pr, "with", "body-path") == nil {
		t.Errorf("the pull request commits the fixtures only and describes the change: %v", dig(pr, "with"))
	}
}

func TestGitLabMirrorJob(t *testing.T) {
	job := dig(yamlFile(t, examples(t, "ci", "gitlab", ".gitlab-ci.yml")), "mirror-refresh")
	if rule, _ := dig(job, "rules", 0, "if").(string); !strings.Contains(rule, `"schedule"`) {
		t.Errorf("mirror-refresh runs on %q, want pipeline schedules", rule)
	}
	if dig(job, "timeout") == nil {
		t.Error("mirror-refresh has no timeout")
	}
	if run := scriptItem(t, job, "contract mirror"); !strings.Contains(run, "--diff") || !strings.Contains(run, "--report mirror-report.md") {
		t.Errorf("the mirror item shows no diff or writes no report:\n%s", run)
	}
	if push := scriptItem(t, job, "git push"); !strings.Contains(push, "merge_request.create") {
		t.Errorf("the change is pushed without opening a merge request:\n%s", push)
	}
}

// mirrorConfig is the config file a team keeps beside the recipes, for
// mockdex's default world.
const mirrorConfig = `{
  "practices": [{"id": "6996d161-cd16-4556-9577-f942c3f80c80", "brand": "providence"}],
  "departments": [{"id": "123446001", "urlName": "ProvKent"}, {"id": "900100004", "urlName": "AcmeC4", "brand": "Acme"}],
  "brands": [{"name": "providence", "displayName": "Providence"}, {"name": "Acme", "displayName": "Acme Health"}]
}`

// The mirror steps run as written against a tier (a mockdex): the first
// run writes the fixtures and a pull request body with the change and
// the report; run again on an unchanged tier, GitLab's item finds
// nothing to commit.
func TestMirrorRefreshRunsAsWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the contract runner")
	}
	t.Parallel() // builds or waits: overlap it with the others
	bin := filepath.Dir(filepath.Join(builtImage(t), "contract"))
	m := mockdextest.NewServer(t, mockdextest.Lenient())

	gh := stepWithRun(t, dig(yamlFile(t, examples(t, "ci", "github", "mirror-refresh.yml")), "jobs", "mirror"), "contract mirror")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mockdex-mirror.json"), []byte(mirrorConfig), 0o644)
	env := stepEnv(t, gh, map[string]string{"DEXCARE_API_KEY": m.APIKey(), "DEXCARE_SERVICE_KEY": m.ServiceKey(), "UAT_API": m.URL})
	env["FIXTURES_DIR"], env["RUNNER_TEMP"] = "testdata/dexcare", t.TempDir() // the job's env, the runner's
	code, stdout, stderr := script(t, unlimited(t, dig(gh, "run").(string)), dir, env, bin)
	body, _ := os.ReadFile(filepath.Join(env["RUNNER_TEMP"], "pr-body.md"))
	if code != 0 || !strings.Contains(string(body), "### What changed on the tier") || !strings.Contains(string(body), "## Guessed") {
		t.Fatalf("GitHub mirror step: exit %d, body:\n%s\n%s%s", code, body, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "testdata", "dexcare", "departments.json")); err != nil {
		t.Errorf("no fixtures written: %v", err)
	}

	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	job := dig(yamlFile(t, examples(t, "ci", "gitlab", ".gitlab-ci.yml")), "mirror-refresh")
	vars := jobVariables(t, job, map[string]string{"DEXCARE_UAT_API_KEY": m.APIKey(), "DEXCARE_UAT_SERVICE_KEY": m.ServiceKey()})
	vars["DEXCARE_UAT_API_URL"] = m.URL
	for _, c := range []string{"init -q", "add -A", "-c user.name=t -c user.email=t@t.invalid commit -q -m fixtures"} {
		if out, err := exec.Command("sh", "-c", "cd "+dir+" && git "+c).CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", c, err, out)
		}
	}
	for _, item := range []string{"contract mirror", "git push"} {
		src := scriptItem(t, job, item)
		if item == "contract mirror" {
			src = unlimited(t, src)
		}
		code, stdout, stderr := script(t, src, dir, vars, bin, "/usr/bin")
		if code != 0 {
			t.Fatalf("GitLab %q item: exit %d\n%s%s", item, code, stdout, stderr)
		}
		if item == "contract mirror" && !strings.Contains(stdout, "no changes") {
			t.Errorf("the tier mirrored again shows changes:\n%s", stdout)
		}
		if item == "git push" && !strings.Contains(stdout, "did not change") {
			t.Errorf("an unchanged mirror went on to commit:\n%s%s", stdout, stderr)
		}
	}
}
