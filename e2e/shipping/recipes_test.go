package shipping

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"go.yaml.in/yaml/v3"
)

func examples(t *testing.T, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{repoRoot(t), "examples"}, elem...)...)
}

// yamlFile decodes a YAML file into maps and slices.
func yamlFile(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// validateSchema checks doc against a JSON schema in testdata.
func validateSchema(t *testing.T, schemaFile string, doc any) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", schemaFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	url := "file:///schemas/" + schemaFile
	if err := c.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("against %s: %v", schemaFile, err)
	}
}

// dig follows keys (map keys or slice indexes as ints) into a decoded
// document; nil when a step is missing.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

// TestGitHubWorkflowsPassActionlint lints the workflows with actionlint
// v1.7.12 (and shellcheck for their run: scripts, when installed), built
// from testdata/tools, a module of its own (see its go.mod).
func TestGitHubWorkflowsPassActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	t.Parallel() // builds or waits: overlap it with the others
	files, _ := filepath.Glob(examples(t, "ci", "github", "*.yml"))
	if len(files) < 2 {
		t.Fatalf("want the app-tests and contract workflows, found %v", files)
	}
	actionlint(t, files...)
}

func TestGitHubNightlyWorkflow(t *testing.T) {
	doc := yamlFile(t, examples(t, "ci", "github", "contract-nightly.yml"))
	job := dig(doc, "jobs", "contract")
	if dig(doc, "on", "schedule", 0, "cron") == nil {
		t.Error("the contract workflow runs on no schedule")
	}
	if dig(job, "timeout-minutes") == nil {
		t.Error("the contract job has no timeout-minutes")
	}
	run := stepRunning(t, job, "contract run")
	for _, want := range []string{"--report junit=contract.xml", "--report markdown=summary.md", "--report github", "--timeout 10m"} {
		if !strings.Contains(run, want) {
			t.Errorf("the contract run lacks %s:\n%s", want, run)
		}
	}
	if strings.Count(strings.Join(allRuns(job), "\n"), "contract run") != 1 {
		t.Error("call UAT once: one contract run makes every report")
	}
	summary := stepRunning(t, job, "GITHUB_STEP_SUMMARY")
	if !strings.Contains(summary, "summary.md") {
		t.Errorf("the job summary does not come from summary.md:\n%s", summary)
	}
	upload := stepUsing(t, job, "actions/upload-artifact")
	if !strings.Contains(dig(upload, "with", "path").(string), "contract.xml") || dig(upload, "if") != "always()" {
		t.Errorf("upload the JUnit report even when the run fails: %v", upload)
	}
	if !strings.Contains(stepRunning(t, job, "add-mask"), "DEXCARE_JWT=") {
		t.Error("mint DEXCARE_JWT for the run, masked")
	}
}

// stepRunning is the run: script of the job's only step containing s.
func stepRunning(t *testing.T, job any, s string) string {
	t.Helper()
	var found []string
	for _, run := range allRuns(job) {
		if strings.Contains(run, s) {
			found = append(found, run)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d steps run %q, want 1", len(found), s)
	}
	return found[0]
}

func allRuns(job any) []string {
	var out []string
	steps, _ := dig(job, "steps").([]any)
	for _, st := range steps {
		if run, ok := dig(st, "run").(string); ok {
			out = append(out, run)
		}
	}
	return out
}

func stepUsing(t *testing.T, job any, action string) any {
	t.Helper()
	steps, _ := dig(job, "steps").([]any)
	for _, st := range steps {
		if uses, _ := dig(st, "uses").(string); strings.HasPrefix(uses, action+"@") {
			return st
		}
	}
	t.Fatalf("no step uses %s", action)
	return nil
}

func TestGitLabRecipe(t *testing.T) {
	doc := yamlFile(t, examples(t, "ci", "gitlab", ".gitlab-ci.yml"))
	validateSchema(t, "gitlab-ci.schema.json", doc)

	if dig(doc, "app-tests", "services", 0, "alias") != "mockdex" {
		t.Error("app-tests: run mockdex as a service with alias mockdex")
	}
	job := dig(doc, "contract-nightly")
	if rule, _ := dig(job, "rules", 0, "if").(string); !strings.Contains(rule, `"schedule"`) {
		t.Errorf("contract-nightly runs on %q, want pipeline schedules", rule)
	}
	if dig(job, "timeout") == nil {
		t.Error("contract-nightly has no timeout")
	}
	if dig(job, "artifacts", "when") != "always" || dig(job, "artifacts", "reports", "junit") != "contract.xml" {
		t.Errorf("contract-nightly: keep contract.xml as a JUnit report, always: %v", dig(job, "artifacts"))
	}
	if run := scriptItem(t, job, "contract run"); !strings.Contains(run, "--report junit=contract.xml") || !strings.Contains(run, "--timeout") {
		t.Errorf("contract run writes no JUnit report or has no timeout:\n%s", run)
	}
}

// scriptItem is the job's only script: item containing s.
func scriptItem(t *testing.T, job any, s string) string {
	t.Helper()
	items, _ := dig(job, "script").([]any)
	var found []string
	for _, it := range items {
		if str, _ := it.(string); strings.Contains(str, s) {
			found = append(found, str)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d script items contain %q, want 1", len(found), s)
	}
	return found[0]
}

func TestComposeExample(t *testing.T) {
	doc := yamlFile(t, examples(t, "docker-compose.yml"))
	validateSchema(t, "compose-spec.schema.json", doc)
	services, _ := dig(doc, "services").(map[string]any)
	for name, svc := range services {
		ports, _ := dig(svc, "ports").([]any)
		for _, p := range ports {
			if s, _ := p.(string); !strings.HasPrefix(s, "127.0.0.1:") || name != "mockdex" {
				t.Errorf("%s publishes %v: services reach each other on the compose network; publish only mockdex, on loopback, for a person", name, p)
			}
		}
	}
	mock := services["mockdex"]
	if dig(mock, "build", "context") != ".." {
		t.Errorf("mockdex: build the repository's Dockerfile: %v", mock)
	}
	if dig(mock, "environment", "MOCKDEX_ADMIN_HOST") != "mockdex" {
		t.Errorf("mockdex: the control plane must answer to the service name (MOCKDEX_ADMIN_HOST: mockdex), or the contract service cannot reach /_mockdex/: %v", mock)
	}
	checkStartsClean(t, doc)
	for _, name := range []string{"app-tests", "contract"} {
		if dig(services[name], "depends_on", "mockdex", "condition") != "service_healthy" {
			t.Errorf("%s must wait for mockdex to be healthy", name)
		}
	}
	contract := services["contract"]
	if cmd := fmt.Sprint(dig(contract, "command")); !strings.Contains(cmd, "--namespace") {
		t.Errorf("contract: run in a namespace of its own so app-tests never see its visits: %s", cmd)
	}
	if dig(contract, "build", "target") != "contract" || dig(contract, "restart") != "no" {
		t.Errorf("contract: a one-shot service built from the Dockerfile's contract stage: %v", contract)
	}
	stageNamed(t, parseDockerfile(t, filepath.Join(repoRoot(t), "Dockerfile")), "contract")
}

// Recipes install a pinned release of the tools instead of needing a
// checkout of mockdex, and run the image of that same release.
var (
	goInstall = regexp.MustCompile(`go install "?github\.com/mockdex/mockdex/cmd/(mockdex|contract)@([^"\s]+)"?`)
	pinned    = regexp.MustCompile(`MOCKDEX_VERSION: (v\d+\.\d+\.\d+)\b`)
	images    = regexp.MustCompile(`ghcr\.io/mockdex/mockdex:(\S+)`)
)

func TestRecipesPinOneRelease(t *testing.T) {
	files, _ := filepath.Glob(examples(t, "ci", "*", "*"))
	hidden, _ := filepath.Glob(examples(t, "ci", "*", ".*.yml"))
	files = append(files, hidden...)
	if len(files) < 3 {
		t.Fatalf("recipes: %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, name := string(b), filepath.Base(f)
		if strings.Contains(src, "go run ./cmd") || strings.Contains(src, "repository: mockdex/mockdex") {
			t.Errorf("%s needs a checkout of mockdex", name)
		}
		version := pinned.FindStringSubmatch(src)
		if version == nil {
			t.Errorf("%s pins no MOCKDEX_VERSION: vX.Y.Z", name)
			continue
		}
		for _, m := range goInstall.FindAllStringSubmatch(src, -1) {
			if m[2] != "${MOCKDEX_VERSION}" {
				t.Errorf("%s installs %s@%s, want @${MOCKDEX_VERSION}", name, m[1], m[2])
			}
		}
		for _, m := range images.FindAllStringSubmatch(src, -1) {
			if m[1] != version[1] && m[1] != "${MOCKDEX_VERSION}" {
				t.Errorf("%s runs image %s, want the pinned %s", name, m[0], version[1])
			}
		}
	}
}
