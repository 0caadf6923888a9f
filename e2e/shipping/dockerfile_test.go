package shipping

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, ENV...
	args string
}

// stage is a build stage: its FROM and the instructions after it.
type stage struct {
	from, name string
	ins        []instruction
}

// parseDockerfile reads the Dockerfile's stages. It understands what
// mockdex's Dockerfile uses (comments, continuation lines, FROM ... AS),
// no parser directives or heredocs.
func parseDockerfile(t *testing.T, path string) []stage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stages []stage
	var pending string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && pending == "") {
			continue
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			pending += cont + " "
			continue
		}
		line, pending = pending+line, ""
		cmd, args, _ := strings.Cut(line, " ")
		ins := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)}
		if ins.cmd == "FROM" {
			from, name, _ := strings.Cut(ins.args, " AS ")
			stages = append(stages, stage{from: strings.TrimSpace(from), name: strings.TrimSpace(name)})
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before the first FROM", path, ins.cmd)
		}
		stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, ins)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return stages
}

// all returns the arguments of every instruction cmd in the stage.
func (s stage) all(cmd string) []string {
	var out []string
	for _, in := range s.ins {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// one returns the arguments of the stage's only instruction cmd.
func (s stage) one(t *testing.T, cmd string) string {
	t.Helper()
	all := s.all(cmd)
	if len(all) != 1 {
		t.Fatalf("stage %s has %d %s instructions, want 1", s.name, len(all), cmd)
	}
	return all[0]
}

// execForm decodes an exec-form (JSON array) CMD, ENTRYPOINT or
// HEALTHCHECK command.
func execForm(t *testing.T, args string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(args), &out); err != nil {
		t.Fatalf("%q: want the exec form, a JSON array: %v", args, err)
	}
	return out
}

// env decodes the stage's ENV instructions (KEY=VALUE pairs).
func (s stage) env(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, args := range s.all("ENV") {
		for _, word := range shellWords(t, args) {
			k, v, ok := strings.Cut(word, "=")
			if !ok {
				t.Fatalf("ENV %s: write KEY=VALUE", args)
			}
			out[k] = v
		}
	}
	return out
}

// shellWords splits a command line the way sh would for the plain words,
// single and double quotes mockdex's Dockerfile uses; anything more
// (expansions aside, done before) is refused rather than guessed at.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, word.String()), false
				word.Reset()
			}
		case strings.ContainsRune("$`\\|;<>(){}*?", r):
			t.Fatalf("%q: %q is more shell than this test understands", line, r)
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("%q: unterminated quote", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// goBuildCommand is the build stage's `go build` command with its build
// args expanded: the environment assignments that precede it and the go
// command's arguments.
func goBuildCommand(t *testing.T, build stage, buildArgs map[string]string) (env, args []string) {
	t.Helper()
	vars := map[string]string{}
	for _, a := range build.all("ARG") {
		k, v, _ := strings.Cut(a, "=")
		vars[k] = v
	}
	for k, v := range buildArgs {
		vars[k] = v
	}
	for _, run := range build.all("RUN") {
		for _, part := range strings.Split(run, "&&") {
			if !strings.Contains(part, "go build") {
				continue
			}
			words := shellWords(t, os.Expand(part, func(k string) string { return vars[k] }))
			for len(words) > 0 && strings.Contains(words[0], "=") {
				env, words = append(env, words[0]), words[1:]
			}
			if len(words) < 2 || words[0] != "go" || words[1] != "build" {
				t.Fatalf("RUN %s: want [VAR=value ...] go build ...", part)
			}
			return env, words[1:]
		}
	}
	t.Fatalf("no RUN ... go build in stage %s", build.name)
	return nil, nil
}

// stageNamed finds a stage by its AS name.
func stageNamed(t *testing.T, stages []stage, name string) stage {
	t.Helper()
	for _, s := range stages {
		if s.name == name {
			return s
		}
	}
	t.Fatalf("the Dockerfile has no stage %q", name)
	return stage{}
}

// repoRoot is the checkout this package lives in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

func TestShellWords(t *testing.T) {
	got := shellWords(t, `CGO_ENABLED=0 go build -ldflags "-s -w -X main.v=1" -o /out/ './cmd/x y'`)
	want := []string{"CGO_ENABLED=0", "go", "build", "-ldflags", "-s -w -X main.v=1", "-o", "/out/", "./cmd/x y"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// The end-to-end tests build their binaries in the image's flavour
// (e2e/binaries), so a cold cache compiles every dependency once for the
// image, the README replay, go install and the abuse tests together: a
// change to the Dockerfile's compile settings must move the shared
// flavour with it, or each suite pays a compile of its own again.
func TestEndToEndBuildsShareTheImageFlavour(t *testing.T) {
	env, args := goBuildCommand(t, stageNamed(t, parseDockerfile(t, filepath.Join(repoRoot(t), "Dockerfile")), "build"), stamp)
	if strings.Join(env, " ") != strings.Join(binaries.Env, " ") {
		t.Errorf("the Dockerfile builds with %q, e2e/binaries with %q", env, binaries.Env)
	}
	var compile []string
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-o" || a == "-ldflags": // where the binaries go, what the linker stamps
			i++
		case a == "-buildvcs=false", !strings.HasPrefix(a, "-"): // no compile setting, a package
		default:
			compile = append(compile, a)
		}
	}
	if strings.Join(compile, " ") != strings.Join(binaries.Flags, " ") {
		t.Errorf("the Dockerfile compiles with %q, e2e/binaries with %q", compile, binaries.Flags)
	}
}

// .ci/run builds the end-to-end binaries itself, beside vet, and hands
// them over in binaries.DirEnv: in the shared flavour, every command.
func TestCIBuildsTheEndToEndFlavour(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "go build") && strings.Contains(l, "$"+binaries.DirEnv) {
			line = l
		}
	}
	if line == "" {
		t.Fatalf(".ci/run builds nothing into $%s", binaries.DirEnv)
	}
	want := append(append(append([]string{}, binaries.Env...), "go", "build"), binaries.Flags...)
	if !strings.HasPrefix(strings.TrimSpace(line), strings.Join(want, " ")+" ") {
		t.Errorf(".ci/run builds with %q, want it to start %q", line, strings.Join(want, " "))
	}
	for _, c := range binaries.Commands {
		if !strings.Contains(line, "./cmd/"+c) {
			t.Errorf(".ci/run does not build %s: %q", c, line)
		}
	}
}
