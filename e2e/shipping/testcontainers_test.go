package shipping

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/mockdextest"
)

// docs/testcontainers.md's recipes cannot run here (no container
// engine); what they rely on is checked instead: the image they name is
// the one the release workflow pushes, at the version the recipes pin;
// the port is the one the image listens on; the readiness path answers
// 200; their namespaces are names a mock takes; the variables are ones
// serve reads; and their control-plane calls work, replayed against a
// mock.
func TestTestcontainersRecipesMatchTheImage(t *testing.T) {
	root := repoRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "docs", "testcontainers.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)

	release := yamlFile(t, filepath.Join(root, ".github", "workflows", "release.yml"))
	image, _ := dig(release, "env", "IMAGE").(string)
	version := pinned.FindStringSubmatch(string(mustReadFile(t, examples(t, "ci", "github", "app-tests.yml"))))
	if image == "" || version == nil {
		t.Fatalf("the release's image %q, the recipes' version %v", image, version)
	}
	refs := regexp.MustCompile(`ghcr\.io/mockdex/mockdex:[\w.-]+`).FindAllString(doc, -1)
	if len(refs) < 4 {
		t.Errorf("%d image references; want the table's and one per recipe", len(refs))
	}
	for _, ref := range refs {
		if ref != image+":"+version[1] {
			t.Errorf("the recipes run %s; the release pushes %s:%s", ref, image, version[1])
		}
	}

	stages := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	mock := stages[len(stages)-1]
	if mock.one(t, "EXPOSE") != "8080" || !strings.HasSuffix(mock.env(t)["MOCKDEX_ADDR"], ":8080") {
		t.Fatalf("the image no longer listens on 8080: EXPOSE %s, MOCKDEX_ADDR %s", mock.one(t, "EXPOSE"), mock.env(t)["MOCKDEX_ADDR"])
	}
	for lang, want := range map[string][]string{
		"go":   {`"8080/tcp"`, `wait.ForHTTP("/readyz")`, `"X-Mockdex-Namespace"`},
		"java": {"withExposedPorts(8080)", `Wait.forHttp("/readyz")`, `"X-Mockdex-Namespace"`},
		"js":   {"withExposedPorts(8080)", `Wait.forHttp("/readyz", 8080)`, `"X-Mockdex-Namespace"`},
	} {
		block := fenced(doc, lang)
		for _, w := range want {
			if !strings.Contains(block, w) {
				t.Errorf("the %s recipe lacks %s", lang, w)
			}
		}
	}

	m := mockdextest.NewServer(t)
	resp, err := http.Get(m.URL + "/readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /readyz: %v %v", resp, err)
	}
	resp.Body.Close()

	// The reset each recipe starts a class with: a JSON write in the namespace.
	reset, _ := http.NewRequest(http.MethodPost, m.URL+"/_mockdex/reset", strings.NewReader("{}"))
	reset.Header.Set("Content-Type", "application/json")
	reset.Header.Set("X-Mockdex-Namespace", "bookingtest")
	if resp, err := http.DefaultClient.Do(reset); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the recipes' reset: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	names := regexp.MustCompile(`(?:(?:NAMESPACE|namespace) = "|"X-Mockdex-Namespace: )([^"]+)"`).FindAllStringSubmatch(doc, -1)
	if len(names) < 3 {
		t.Errorf("found %d namespaces in the recipes", len(names))
	}
	for _, n := range names {
		if err := namespaces.Check(n[1]); err != nil {
			t.Errorf("namespace %q: %v", n[1], err)
		}
	}

	if !testing.Short() {
		help, err := exec.Command(filepath.Join(builtImage(t), "mockdex"), "serve", "--help").Output()
		if err != nil {
			t.Fatalf("mockdex serve --help: %v", err)
		}
		for _, v := range regexp.MustCompile(`MOCKDEX_[A-Z_]+`).FindAllString(doc, -1) {
			if !strings.Contains(string(help), "  "+v+" ") {
				t.Errorf("the recipes set %s, which mockdex serve does not read", v)
			}
		}
	}

	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: the control-plane calls are not replayed")
	}
	for _, call := range strings.Split(strings.TrimSpace(fenced(doc, "sh")), "\n") {
		code, stdout, stderr := script(t, `curl --fail-with-body --silent --show-error `+strings.TrimPrefix(call, "curl "), t.TempDir(), map[string]string{"URL": m.URL})
		if code != 0 {
			t.Errorf("%s: exit %d %s%s", call, code, stdout, stderr)
		}
	}
}

// fenced is the first ```lang block of a Markdown document.
func fenced(doc, lang string) string {
	_, rest, ok := strings.Cut(doc, "```"+lang+"\n")
	if !ok {
		return ""
	}
	block, _, _ := strings.Cut(rest, "```")
	return block
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
