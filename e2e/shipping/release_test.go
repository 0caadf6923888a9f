package shipping

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// actionlint lints workflow files with actionlint v1.7.12 (and
// shellcheck for their run: scripts, when installed), built from
// testdata/tools, a module of its own (see its go.mod). A workflow under
// .github/workflows that uses a local action (uses: ./actions/x) gets
// that action's metadata checked too: its keys, and the inputs given.
func actionlint(t *testing.T, files ...string) {
	t.Helper()
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Log("shellcheck is not installed: the run: scripts are not checked")
	}
	args := append([]string{"tool", "actionlint", "-format", "{{json .}}", "-shellcheck=" + shellcheck, "-pyflakes="}, files...)
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join("testdata", "tools")
	// Built in the end-to-end flavour, so the standard library it needs
	// is compiled once for it and the image.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod "+strings.Join(binaries.Flags, " "), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, binaries.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	binaries.Locked(t, func() { err = cmd.Run() })
	var found []struct {
		Message, Filepath, Kind string
		Line, Column            int
	}
	if jerr := json.Unmarshal(stdout.Bytes(), &found); jerr != nil {
		t.Fatalf("actionlint: %v %v\n%s%s", err, jerr, stdout.String(), stderr.String())
	}
	for _, e := range found {
		t.Errorf("%s:%d:%d: %s [%s]", filepath.Base(e.Filepath), e.Line, e.Column, e.Message, e.Kind)
	}
	if err != nil && len(found) == 0 {
		t.Fatalf("actionlint: %v\n%s", err, stderr.String())
	}
}

// The repository's own workflows (the release, the actions' self-test)
// pass actionlint, and between them use both actions, so the actions'
// metadata is checked too.
func TestRepositoryWorkflowsAndActionsPassActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	root := repoRoot(t)
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, want := range []string{"release.yml", "actions.yml"} {
		if _, err := os.Stat(filepath.Join(root, ".github", "workflows", want)); err != nil {
			t.Errorf("no .github/workflows/%s", want)
		}
	}
	for _, action := range []string{"./actions/mockdex", "./actions/contract"} {
		if !strings.Contains(all.String(), "uses: "+action+"\n") {
			t.Errorf("no workflow uses %s, so actionlint never reads its metadata", action)
		}
	}
	actionlint(t, files...)
}

// pinnedUses is a `uses:` of another repository's action pinned to a
// full commit SHA, with the version it is in a comment.
var (
	usesLine   = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*(\S+)(.*)$`)
	pinnedUses = regexp.MustCompile(`^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$`)
	versionTag = regexp.MustCompile(`^\s+#\s+v\d+(\.\d+){0,2}\b`)
)

// Every action a workflow, a recipe or one of our actions uses from
// another repository is pinned by commit SHA (a tag can be moved to other
// code; a job with contents: write runs whatever the tag points at), with
// the version in a comment so a person can tell what it is.
func TestEveryUsesIsPinnedBySHA(t *testing.T) {
	root := repoRoot(t)
	var files []string
	for _, pattern := range []string{".github/workflows/*.yml", "examples/ci/github/*.yml", "actions/*/action.yml"} {
		found, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, found...)
	}
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			m := usesLine.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			seen++
			ref, rest := strings.Trim(m[1], `"'`), m[2]
			rel, _ := filepath.Rel(root, f)
			switch {
			case strings.HasPrefix(ref, "./"): // this repository's own action, at this commit
			case !pinnedUses.MatchString(ref):
				t.Errorf("%s:%d: uses %s: pin it to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)", rel, i+1, ref)
			case !versionTag.MatchString(rest):
				t.Errorf("%s:%d: uses %s with no version comment (# vX.Y.Z)", rel, i+1, ref)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("found %d uses: lines in %d files", seen, len(files))
	}
}

// The release workflow does what docs/release.md says: on a version tag,
// notes first (no tag without its CHANGELOG section), then the binaries
// of six platforms with checksums and provenance into a draft release,
// and a two-platform image with provenance and an SBOM.
func TestReleaseWorkflow(t *testing.T) {
	doc := yamlFile(t, filepath.Join(repoRoot(t), ".github", "workflows", "release.yml"))
	if tags, _ := dig(doc, "on", "push", "tags", 0).(string); !strings.HasPrefix(tags, "v") || dig(doc, "on", "push", "branches") != nil {
		t.Errorf("release on version tags only: %v", dig(doc, "on"))
	}
	if dig(doc, "permissions", "contents") != "read" {
		t.Error("the workflow's default permissions: contents: read; each job asks for what it writes")
	}
	if run := stepRunning(t, dig(doc, "jobs", "notes"), "release-notes.sh"); !strings.Contains(run, "GITHUB_REF_NAME") {
		t.Errorf("notes: %s", run)
	}
	bin := dig(doc, "jobs", "binaries")
	if dig(bin, "needs") != "notes" || dig(bin, "permissions", "contents") != "write" {
		t.Errorf("binaries: after notes, and allowed to draft the release: %v", bin)
	}
	stepRunning(t, bin, "tools/release-build.sh")
	draft := stepRunning(t, bin, "gh release create")
	for _, want := range []string{"--draft", "--verify-tag", "--notes-file", "checksums.txt"} {
		if !strings.Contains(draft, want) {
			t.Errorf("the release is drafted without %s:\n%s", want, draft)
		}
	}
	if p, _ := dig(stepUsing(t, bin, "actions/attest-build-provenance"), "with", "subject-path").(string); !strings.Contains(p, "dist/") {
		t.Errorf("attest the archives: %q", p)
	}
	push := dig(stepUsing(t, dig(doc, "jobs", "image"), "docker/build-push-action"), "with")
	if dig(push, "platforms") != "linux/amd64,linux/arm64" || dig(push, "push") != true || dig(push, "provenance") != "mode=max" || dig(push, "target") != "mockdex" {
		t.Errorf("the image: both platforms, pushed, with provenance, the mockdex stage: %v", push)
	}
	if args, _ := dig(push, "build-args").(string); !strings.Contains(args, "VERSION=") || !strings.Contains(args, "COMMIT=") {
		t.Errorf("stamp the image with the tag and commit: %q", args)
	}
	if dig(doc, "env", "IMAGE") != "ghcr.io/mockdex/mockdex" {
		t.Errorf("the image the docs name: %v", dig(doc, "env", "IMAGE"))
	}
}

// The notes of a release are its CHANGELOG section, without the heading;
// a tag whose section is missing or empty stops the release.
func TestReleaseNotesScript(t *testing.T) {
	notes := filepath.Join(repoRoot(t), "tools", "release-notes.sh")
	changelog := filepath.Join(t.TempDir(), "CHANGELOG.md")
	os.WriteFile(changelog, []byte("# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-02\n\n### Added\n\n- a thing\n\n## [1.1.0] - 2026-12-01\n\n- older\n\n[1.2.0]: https://example.com\n"), 0o644)
	code, stdout, stderr := script(t, `"$NOTES" v1.2.0 "$LOG"`, t.TempDir(), map[string]string{"NOTES": notes, "LOG": changelog})
	if code != 0 || stdout != "### Added\n\n- a thing\n" {
		t.Errorf("notes of v1.2.0: exit %d, %q %s", code, stdout, stderr)
	}
	if code, stdout, _ := script(t, `"$NOTES" 1.1.0 "$LOG"`, t.TempDir(), map[string]string{"NOTES": notes, "LOG": changelog}); code != 0 || stdout != "- older\n" {
		t.Errorf("notes of 1.1.0 (the last section): exit %d, %q", code, stdout)
	}
	for _, v := range []string{"v1.3.0", "Unreleased"} {
		code, stdout, stderr := script(t, `"$NOTES" "$V" "$LOG"`, t.TempDir(), map[string]string{"NOTES": notes, "LOG": changelog, "V": v})
		if code != 1 || stdout != "" || !strings.Contains(stderr, "no section") {
			t.Errorf("notes of %s (missing or empty): exit %d, %q %q", v, code, stdout, stderr)
		}
	}
	if code, stdout, _ := script(t, `"$NOTES" Unreleased`, t.TempDir(), map[string]string{"NOTES": notes}); code != 0 || !strings.Contains(stdout, "### Added") {
		t.Errorf("the repository's CHANGELOG.md has no Unreleased section to append to: exit %d", code)
	}
}

// The release archives hold both commands (built as the image builds
// them, stamped with the version), the licence and the changelog, and
// checksums.txt verifies them. Built here for this machine's platform.
func TestReleaseBuildScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both commands")
	}
	for _, tool := range []string{"tar", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (GitHub's runners have it)", tool)
		}
	}
	out := t.TempDir()
	platform := runtime.GOOS + "/" + runtime.GOARCH
	env := goEnv(t)
	env["PLATFORMS"], env["OUT"], env["BUILD"] = platform, out, filepath.Join(repoRoot(t), "tools", "release-build.sh")
	code, stdout, stderr := script(t, `"$BUILD" v9.8.7 0123abc "$OUT"`, t.TempDir(), env, filepath.Dir(goBinary(t)))
	if code != 0 {
		t.Fatalf("release-build.sh: exit %d\n%s%s", code, stdout, stderr)
	}
	name := "mockdex_9.8.7_" + runtime.GOOS + "_" + runtime.GOARCH
	if code, stdout, stderr := script(t, `sha256sum -c checksums.txt`, out, nil); code != 0 || !strings.Contains(stdout, name+".tar.gz: OK") {
		t.Errorf("checksums: exit %d\n%s%s", code, stdout, stderr)
	}
	unpacked := t.TempDir()
	if code, _, stderr := script(t, `tar -xzf "$ARCHIVE" -C "$DEST"`, out, map[string]string{"ARCHIVE": filepath.Join(out, name+".tar.gz"), "DEST": unpacked}); code != 0 {
		t.Fatalf("tar: %s", stderr)
	}
	for _, f := range []string{"mockdex", "contract", "LICENSE", "CHANGELOG.md"} {
		if _, err := os.Stat(filepath.Join(unpacked, name, f)); err != nil {
			t.Errorf("the archive lacks %s", f)
		}
	}
	if v, err := exec.Command(filepath.Join(unpacked, name, "mockdex"), "version").Output(); err != nil || !strings.HasPrefix(string(v), "mockdex v9.8.7") || !strings.Contains(string(v), "0123abc") {
		t.Errorf("mockdex version: %q %v", v, err)
	}
}

// Every shell script a release or an action runs is shellcheck-clean.
func TestReleaseAndActionScriptsPassShellcheck(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (.ci/run installs it)")
	}
	root := repoRoot(t)
	var files []string
	for _, pattern := range []string{"tools/release-*.sh", "actions/*.sh", "actions/*/*.sh"} {
		found, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, found...)
	}
	if len(files) < 5 {
		t.Fatalf("scripts: %v", files)
	}
	if out, err := exec.Command(shellcheck, append([]string{"--severity=style"}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}

// goBinary is the go command running this test's build.
func goBinary(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	return gobin
}

// goEnv is what a script's `go build` needs from this process's Go
// environment (script runs with a HOME of its own): the build and module
// caches, so it reuses what is compiled and fetches nothing.
func goEnv(t *testing.T) map[string]string {
	t.Helper()
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatal(err)
	}
	env["GOFLAGS"], env["GOWORK"], env["GOTOOLCHAIN"] = "-mod=mod", "off", "local"
	return env
}
