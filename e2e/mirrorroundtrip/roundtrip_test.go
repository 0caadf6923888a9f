package mirrorroundtrip

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// root is the module's root, where the documented commands run from.
var root = filepath.Join("..", "..")

// section is the docs/mirror.md heading whose sh blocks are the round trip.
const section = "## Try it without a tier"

// TestDocumentedRoundTripFindsNothing replays the section's commands in
// one bash session, as a reader pastes them: `go run ./cmd/X` runs X
// built once (e2e/binaries), and the two documented addresses become free loopback
// ports. The run's --fail-on info makes exit 0 mean zero findings; the
// summary line says so too, and the identities the run is given are the
// ones the mirror's report printed.
func TestDocumentedRoundTripFindsNothing(t *testing.T) {
	script := documentedScript(t)
	bin := binaries.Dir(t)
	script = regexp.MustCompile(`go run \./cmd/(\w+)`).ReplaceAllString(script, filepath.Join(bin, "$1"))
	for _, addr := range []string{"127.0.0.1:8080", "127.0.0.1:8081"} {
		require.Contains(t, script, addr, "the documented commands use %s", addr)
		script = strings.ReplaceAll(script, addr, freeAddr(t))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = t.TempDir()
	cmd.Env = cleanEnv()
	// Its own process group: a failed step must not leave the
	// background mocks running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	t.Cleanup(func() {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	})
	out, err := cmd.CombinedOutput()
	text := string(out)
	require.NoError(t, err, "the documented round trip failed:\n%s", tail(text))
	require.Contains(t, text, "findings: 0 breaking, 0 warning, 0 info", "the run's summary:\n%s", tail(text))

	printed := regexp.MustCompile("Identities for `contract run --fixtures [^`]+` against this tier:\n\n +(.+)\n").FindStringSubmatch(text)
	require.NotNil(t, printed, "the mirror's report prints the identities:\n%s", text)
	for _, kv := range strings.Fields(printed[1]) {
		require.Contains(t, script, kv, "the documented run is given the identity the mirror printed")
	}
	for _, name := range []string{"DEXCARE_NPI=", "DEXCARE_POSTAL_CODE="} {
		require.Contains(t, printed[1], name, "the mirror names the contract's %s", name)
	}
}

// documentedScript is the section's ```sh blocks, joined.
func documentedScript(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "mirror.md"))
	require.NoError(t, err)
	text := string(doc)
	start := strings.Index(text, "\n"+section)
	require.GreaterOrEqual(t, start, 0, "docs/mirror.md has the section %q", section)
	text = text[start+1:]
	if end := strings.Index(text, "\n## "); end >= 0 {
		text = text[:end]
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(text, -1) {
		blocks = append(blocks, m[1])
	}
	require.NotEmpty(t, blocks, "the section has sh blocks")
	return strings.Join(blocks, "\n")
}

// freeAddr is a loopback address no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// cleanEnv is the test's environment without the identities, keys and
// mock settings a developer's shell may hold: the commands get only what
// the document gives them.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DEXCARE_") && !strings.HasPrefix(kv, "MOCKDEX_") {
			env = append(env, kv)
		}
	}
	return env
}

func tail(s string) string {
	const keep = 6000
	if len(s) > keep {
		return "..." + s[len(s)-keep:]
	}
	return s
}
