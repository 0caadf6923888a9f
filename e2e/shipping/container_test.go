package shipping

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// The build args the test stamps, as `docker build --build-arg` would.
var stamp = map[string]string{"VERSION": "v0.0.0-shiptest", "COMMIT": "0123456789abcdef"}

// pinnedImage is a fully qualified reference pinned by digest: a
// registry host, a repository, a readable tag, and the digest that decides.
var pinnedImage = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?/[a-z0-9._/-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$`)

// image is the Dockerfile's build, made once for the package's tests.
var image struct {
	once sync.Once
	dir  string // empty if the build failed
}

// builtImage is the directory of the image's binaries, built on first use.
func builtImage(t *testing.T) string {
	t.Helper()
	image.once.Do(func() {
		dir, err := os.MkdirTemp("", "mockdex-image-")
		if err != nil {
			t.Fatal(err)
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		dockerBuild(t, dir)
		image.dir = dir
	})
	if image.dir == "" {
		t.Fatal("the image's build failed (see the first test that needed it)")
	}
	return image.dir
}

// cleanups run after the package's tests (see TestMain).
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

func TestDockerfileShape(t *testing.T) {
	root := repoRoot(t)
	stages := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	for _, s := range stages {
		if !pinnedImage.MatchString(s.from) {
			t.Errorf("FROM %s: want registry/repository:tag@sha256:digest (podman refuses short names; tags move)", s.from)
		}
	}
	build := stageNamed(t, stages, "build")
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(goMod)
	if goLine == nil || !strings.Contains(build.from, "golang:"+string(goLine[1])+"-") {
		t.Errorf("FROM %s: build with the Go go.mod asks for (%s); bump both together", build.from, goLine[1])
	}
	for _, s := range stages[1:] {
		user := s.one(t, "USER")
		if user == "0" || strings.HasPrefix(user, "root") || strings.HasPrefix(user, "0:") {
			t.Errorf("stage %s runs as %s, want a non-root user", s.name, user)
		}
	}
	final := stages[len(stages)-1]
	if got := execForm(t, final.one(t, "ENTRYPOINT")); len(got) != 1 || got[0] != "/mockdex" {
		t.Errorf("the default target's ENTRYPOINT is %q, want [/mockdex]", got)
	}
	_, hc := healthcheck(t, final)
	for _, arg := range hc[1:] {
		if strings.Contains(arg, "--url") || strings.Contains(arg, "--addr") || strings.Contains(arg, ":") {
			t.Errorf("HEALTHCHECK %q names an address of its own: it must follow the server's", hc)
		}
	}
	ignore, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil || !regexp.MustCompile(`(?m)^\.git$`).Match(ignore) {
		t.Errorf(".dockerignore must leave .git out of the build context (%v)", err)
	}
}

// healthcheck decodes the stage's HEALTHCHECK: its options and command.
func healthcheck(t *testing.T, s stage) (map[string]string, []string) {
	t.Helper()
	args := s.one(t, "HEALTHCHECK")
	opts, cmd, ok := strings.Cut(args, "CMD ")
	if !ok {
		t.Fatalf("HEALTHCHECK %s: want options and CMD", args)
	}
	out := map[string]string{}
	for _, o := range strings.Fields(opts) {
		k, v, _ := strings.Cut(strings.TrimPrefix(o, "--"), "=")
		out[k] = v
	}
	return out, execForm(t, cmd)
}

// dockerBuild builds the binaries the way the Dockerfile's build stage
// does: from a copy of the build context (.dockerignore applied), with the
// go build line read from the Dockerfile, its environment assignments,
// flags and output directory, and a Docker-like environment. It returns
// the binaries in out (the stage's /out/).
func dockerBuild(t *testing.T, out string) {
	t.Helper()
	root := repoRoot(t)
	if v := goVersion(t); !strings.Contains(stageNamed(t, parseDockerfile(t, filepath.Join(root, "Dockerfile")), "build").from, "golang:"+strings.TrimPrefix(v, "go")+"-") {
		t.Fatalf("this machine's Go is %s, not the Dockerfile's: the build would not be the image's", v)
	}
	ctx := buildContext(t, root)
	env, args := goBuildCommand(t, stageNamed(t, parseDockerfile(t, filepath.Join(root, "Dockerfile")), "build"), stamp)
	for i, a := range args {
		if a == "/out/" {
			args[i] = out + string(filepath.Separator)
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = ctx
	cmd.Env = append(imageBuildEnv(), env...)
	var b []byte
	var err error
	binaries.Locked(t, func() { b, err = cmd.CombinedOutput() })
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

// imageBuildEnv is the golang image's environment as far as it matters
// (no GOFLAGS, a local toolchain), with this machine's caches and proxy.
func imageBuildEnv() []string {
	env := []string{"GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off"}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

func goVersion(t *testing.T) string {
	t.Helper()
	b, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// buildContext copies what `docker build .` would send: the checkout's
// files (tracked and untracked, not git-ignored) less .dockerignore's.
func buildContext(t *testing.T, root string) string {
	t.Helper()
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	patterns := dockerignore(t, root)
	ctx := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		if ignored(name, patterns) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the work tree, still in the index
			}
			t.Fatal(err)
		}
		dst := filepath.Join(ctx, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ctx
}

func dockerignore(t *testing.T, root string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			t.Fatalf(".dockerignore %s: exceptions are beyond this test", line)
		}
		out = append(out, strings.TrimPrefix(line, "/"))
	}
	return out
}

// ignored applies .dockerignore patterns as Docker does: a pattern
// matches a path or any directory above it; a leading **/ matches at any
// depth.
func ignored(name string, patterns []string) bool {
	parts := strings.Split(name, "/")
	for _, p := range patterns {
		anyDepth := strings.HasPrefix(p, "**/")
		p = strings.TrimPrefix(p, "**/")
		for i := range parts {
			if i > 0 && !anyDepth {
				break
			}
			for j := i + 1; j <= len(parts); j++ {
				if ok, _ := filepath.Match(p, strings.Join(parts[i:j], "/")); ok {
					return true
				}
			}
		}
	}
	return false
}

func TestDockerignoreMatching(t *testing.T) {
	patterns := []string{".git", "docs", "**/testdata", "**/*_test.go", "*.md", "mockdex"}
	for name, want := range map[string]bool{
		".git/config": true, "docs/ci.md": true, "README.md": true, "spec/README.md": false,
		"mockdextest/testdata/usermod/go.mod": true, "cmd/mockdex/main_test.go": true,
		"cmd/mockdex/main.go": false, "mockdex": true, "fixtures/patients.json": false,
	} {
		if got := ignored(name, patterns); got != want {
			t.Errorf("ignored(%s) = %v, want %v", name, got, want)
		}
	}
}

// The image's binaries are static (no ELF interpreter, so they run on
// distroless/static), built with the Dockerfile's settings and stamped
// with the build args.
func TestImageBinariesStaticAndStamped(t *testing.T) {
	t.Parallel() // builds or waits: overlap it with the others
	out := builtImage(t)
	for _, name := range []string{"mockdex", "contract"} {
		bin := filepath.Join(out, name)
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s is dynamically linked", name)
			}
		}
		f.Close()
		info, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
			t.Errorf("%s built with CGO_ENABLED=%q -trimpath=%q", name, settings["CGO_ENABLED"], settings["-trimpath"])
		}
	}
	got, err := exec.Command(filepath.Join(out, "mockdex"), "version").Output()
	want := "mockdex v0.0.0-shiptest (commit 0123456789abcdef, " + runtime.Version() + ")\n"
	if err != nil || string(got) != want {
		t.Errorf("mockdex version: %q (%v), want %q", got, err, want)
	}
	if b, err := exec.Command(filepath.Join(out, "contract"), "list").Output(); err != nil || !bytes.Contains(b, []byte("avr-virtual")) {
		t.Errorf("contract list: %v\n%s", err, b)
	}
}

// The image is healthy on port 9999 whether the port comes from
// MOCKDEX_ADDR (docker run -e) or from serve --addr (docker run IMAGE
// serve --addr), and over HTTPS (MOCKDEX_TLS=auto): the binary runs as
// the image's ENTRYPOINT and CMD would, with the image's ENV, and the
// HEALTHCHECK command runs as Docker would.
func TestImageHealthyOnAnyPort(t *testing.T) {
	t.Parallel() // builds or waits: overlap it with the others
	out := builtImage(t)
	final := lastStage(t)
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"MOCKDEX_ADDR", map[string]string{"MOCKDEX_ADDR": "0.0.0.0:9999"}, execForm(t, final.one(t, "CMD"))},
		{"serve --addr", nil, []string{"serve", "--addr", "0.0.0.0:9999"}},
		{"MOCKDEX_TLS auto", map[string]string{"MOCKDEX_ADDR": "0.0.0.0:9999", "MOCKDEX_TLS": "auto"}, execForm(t, final.one(t, "CMD"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := containerEnv(t, final, c.env)
			hc := healthcheckCommand(t, final, out)
			if code := runHealthcheck(t, hc, env, 2*time.Second); code == 0 {
				t.Fatal("healthy before the server started: something else answers on 9999")
			}
			portFree(t, "9999")
			srv := startContainer(t, out, env, c.args)
			waitHealthy(t, final, hc, env, srv)
			srv.stop(t)
		})
	}
}

func lastStage(t *testing.T) stage {
	t.Helper()
	stages := parseDockerfile(t, filepath.Join(repoRoot(t), "Dockerfile"))
	return stages[len(stages)-1]
}

// containerEnv is the image's ENV with run-time overrides. The address
// file moves from /tmp into the test's own directory, so two runs on one
// machine cannot read each other's.
func containerEnv(t *testing.T, final stage, overrides map[string]string) []string {
	t.Helper()
	vars := final.env(t)
	for k, v := range overrides {
		vars[k] = v
	}
	if f, ok := vars["MOCKDEX_ADDR_FILE"]; ok {
		vars["MOCKDEX_ADDR_FILE"] = filepath.Join(t.TempDir(), filepath.Base(f))
	}
	env := []string{"PATH=/usr/bin:/bin"}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return env
}

// healthcheckCommand is the HEALTHCHECK's command with the image path of
// the binary mapped to the built one.
func healthcheckCommand(t *testing.T, final stage, out string) []string {
	t.Helper()
	_, cmd := healthcheck(t, final)
	if cmd[0] != "/mockdex" {
		t.Fatalf("HEALTHCHECK runs %s, want /mockdex", cmd[0])
	}
	return append([]string{filepath.Join(out, "mockdex")}, cmd[1:]...)
}

func runHealthcheck(t *testing.T, cmd, env []string, timeout time.Duration) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	c.Env = env
	c.Dir = t.TempDir()
	if err := c.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode()
		}
		t.Fatalf("healthcheck: %v", err)
	}
	return 0
}

func portFree(t *testing.T, port string) {
	t.Helper()
	ln, err := net.Listen("tcp", "0.0.0.0:"+port)
	if err != nil {
		t.Fatalf("port %s is taken on this machine; the test needs it: %v", port, err)
	}
	ln.Close()
}

// container is the image's main process, run as a plain process.
type container struct {
	cmd    *exec.Cmd
	output *bytes.Buffer
	done   chan error
}

func startContainer(t *testing.T, out string, env, args []string) *container {
	t.Helper()
	cmd := exec.Command(filepath.Join(out, "mockdex"), args...)
	cmd.Env, cmd.Dir = env, t.TempDir()
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &container{cmd: cmd, output: &output, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// waitHealthy runs the HEALTHCHECK as Docker does: every interval, each
// run bounded by timeout, failures during the start period not counted,
// unhealthy after retries failures.
func waitHealthy(t *testing.T, final stage, hc, env []string, srv *container) {
	t.Helper()
	opts, _ := healthcheck(t, final)
	interval, timeout, startPeriod := duration(t, opts["interval"]), duration(t, opts["timeout"]), duration(t, opts["start-period"])
	failures, retries := 0, atoi(t, opts["retries"])
	for start := time.Now(); ; time.Sleep(interval) {
		if runHealthcheck(t, hc, env, timeout) == 0 {
			return
		}
		if time.Since(start) > startPeriod {
			failures++
		}
		if failures >= retries {
			t.Fatalf("unhealthy after %d checks; the server said:\n%s", retries, srv.output)
		}
	}
}

func (c *container) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("mockdex after SIGTERM: %v\n%s", err, c.output)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("mockdex did not stop on SIGTERM")
	}
}

func duration(t *testing.T, s string) time.Duration {
	t.Helper()
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
