package binaries

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Env and Flags are the one non-race build flavour of the end-to-end
// tests: the Dockerfile's (e2e/shipping holds the two together). Anything
// that builds mockdex outside `go test`'s own binaries uses them, so a
// cold cache compiles each dependency for it once.
var (
	Env   = []string{"CGO_ENABLED=0"}
	Flags = []string{"-trimpath"}
)

// Commands are the module's commands, built together.
var Commands = []string{"mockdex", "contract", "loadgen"}

// DirEnv names a directory already holding Commands built in this
// flavour from this checkout: .ci/run builds them while vet runs and
// hands them over this way. Unset, Dir builds them.
const DirEnv = "MOCKDEX_E2E_BIN"

var built struct {
	once sync.Once
	dir  string
	err  error
}

// Dir is the directory holding Commands built from this checkout, built
// on first use; it fails the test when they do not build.
func Dir(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if dir := os.Getenv(DirEnv); dir != "" {
			built.dir, built.err = given(dir)
			return
		}
		built.dir, built.err = build()
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

// Path is one command's binary.
func Path(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(Dir(t), name)
}

// given checks that dir, from DirEnv, holds every command.
func given(dir string) (string, error) {
	for _, c := range Commands {
		if _, err := os.Stat(filepath.Join(dir, c)); err != nil {
			return "", fmt.Errorf("%s=%s: %w", DirEnv, dir, err)
		}
	}
	return dir, nil
}

// Locked runs build, a go command in this flavour (Env and Flags) that
// is not Dir's, holding the lock Dir builds under: builds in the flavour
// run one at a time across the test binaries of a run, so each finds in
// the build cache what the one before compiled instead of compiling it
// beside it. build must not call Dir.
func Locked(t testing.TB, build func()) {
	t.Helper()
	unlock, err := lockCheckout()
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	build()
}

func build() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	dir := cacheDir(root)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lock(dir + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()
	args := append([]string{"build"}, Flags...)
	args = append(args, "-o", dir+string(filepath.Separator))
	for _, c := range Commands {
		args = append(args, "./cmd/"+c)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), Env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s go %s: %v\n%s", strings.Join(Env, " "), strings.Join(args, " "), err, out)
	}
	return dir, nil
}

// cacheDir is where the checkout at root keeps its binaries: one
// directory per checkout (two clones never share binaries), in the
// temporary directory, where go build renames its output into place
// rather than writing over a binary another test may be running.
func cacheDir(root string) string {
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(os.TempDir(), "mockdex-e2e-"+hex.EncodeToString(sum[:6]))
}

// lockCheckout takes the checkout's build lock.
func lockCheckout() (func(), error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	return lock(cacheDir(root) + ".lock")
}

// moduleRoot is the directory of mockdex's go.mod, found from the test's
// working directory (its package's).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside mockdex's module (go env GOMOD is %q)", gomod)
	}
	return filepath.Dir(gomod), nil
}
