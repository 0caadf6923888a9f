package readme

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// commandTimeout bounds one README command; the slowest is a contract run
// against the mock over HTTP.
const commandTimeout = 4 * time.Minute

// TestREADMEReplays runs every README command, in order, against a fresh
// mock started as `go run ./cmd/mockdex` starts it, and checks each
// against the answer the README writes under it.
func TestREADMEReplays(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the commands and replays the README over HTTP")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed (.ci/run installs it)")
	}
	src, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	blocks := Blocks(string(src))
	require.NotEmpty(t, blocks, "the README has sh blocks")
	for i, line := range strings.Split(string(src), "\n") {
		switch strings.TrimSpace(line) {
		case "```bash", "```shell", "```console", "```zsh":
			t.Errorf("README.md:%d: write shell examples as ```sh, which the replay runs", i+1)
		}
	}

	bin := binaries.Dir(t)
	addr := startMock(t, bin)
	dir := t.TempDir()
	sh, err := StartShell(bin, dir, nil)
	require.NoError(t, err)
	t.Cleanup(sh.Close)

	vars, replayed := map[string]string{}, 0
	for _, b := range blocks {
		if b.Skip != "" {
			t.Logf("README.md:%d not replayed: %s", b.Line, b.Skip)
			continue
		}
		for _, c := range b.Commands {
			replay(t, sh, c, addr, vars)
			replayed++
		}
	}
	require.Greater(t, replayed, 10, "most of the README is replayed")
}

func replay(t *testing.T, sh *Shell, c Command, addr string, vars map[string]string) {
	t.Helper()
	where := "README.md:" + strconv.Itoa(c.Line)
	text := strings.NewReplacer("127.0.0.1:8080", addr, "localhost:8080", addr).Replace(c.Text)
	text, err := Fill(text, vars)
	require.NoError(t, err, where)
	res, err := sh.Run(text, commandTimeout)
	require.NoError(t, err, "%s: %s", where, c.Text)
	if c.Answer == "" {
		if res.Exit != 0 {
			t.Errorf("%s: exit %d\n%s\nstdout: %s\nstderr: %s", where, res.Exit, c.Text, clip(res.Stdout), clip(res.Stderr))
		}
		for _, st := range res.Statuses {
			if st >= 400 {
				t.Errorf("%s: HTTP %d\n%s\nbody: %s", where, st, c.Text, clip(res.Stdout))
			}
		}
		return
	}
	want, err := ParseAnswer(FillKnown(c.Answer, vars))
	require.NoError(t, err, where)
	if want.Status != 0 {
		if len(res.Statuses) == 0 || res.Statuses[len(res.Statuses)-1] != want.Status {
			t.Errorf("%s: want HTTP %d, got %v\n%s\nbody: %s", where, want.Status, res.Statuses, c.Text, clip(res.Stdout))
		}
	} else if res.Exit != 0 {
		t.Errorf("%s: exit %d\n%s\nstderr: %s", where, res.Exit, c.Text, clip(res.Stderr))
	}
	got, ok := want.Match(res.Stdout)
	if !ok {
		t.Errorf("%s: the README says\n  %s\nthe mock answered\n  %s", where, c.Answer, clip(res.Stdout))
		return
	}
	for k, v := range got {
		vars[k] = v
	}
}

// startMock starts mockdex with its defaults on a free loopback port.
func startMock(t *testing.T, bin string) string {
	cmd := exec.Command(filepath.Join(bin, "mockdex"), "--addr", "127.0.0.1:0", "--log-level", "warn")
	cmd.Env = append(os.Environ(), "MOCKDEX_ADDR_FILE=")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	_, after, ok := strings.Cut(line, "http://")
	require.True(t, ok, "start-up line %q", line)
	return strings.Fields(after)[0]
}

// clip keeps a failure message readable: the start of s and its end,
// where a report's findings and summary are.
func clip(s string) string {
	if len(s) > 1600 {
		return s[:600] + "\n...\n" + s[len(s)-1000:]
	}
	return s
}
