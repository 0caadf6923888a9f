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

// commandTimeout bounds one command; the slowest is a contract run
// against the mock over HTTP.
const commandTimeout = 4 * time.Minute

// pages are the documents replayed, from the repository's root, each
// with the fewest commands it must replay (so a page whose blocks all
// went missing or skipped fails).
var pages = map[string]int{"README.md": 10, "docs/tour.md": 5, "docs/browser.md": 3, "docs/sign-in.md": 2}

// TestREADMEReplays runs every command of the README and of the docs
// pages that hold runnable examples, in order, against a fresh mock per
// page started as `go run ./cmd/mockdex` starts it, and checks each
// against the answer the page writes under it.
func TestREADMEReplays(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the commands and replays the README over HTTP")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed (.ci/run installs it)")
	}
	bin := binaries.Dir(t)
	for page, least := range pages {
		t.Run(page, func(t *testing.T) {
			t.Parallel()
			replayPage(t, bin, page, least)
		})
	}
}

func replayPage(t *testing.T, bin, page string, least int) {
	src, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(page)))
	require.NoError(t, err)
	blocks := Blocks(string(src))
	require.NotEmpty(t, blocks, "%s has sh blocks", page)
	for i, line := range strings.Split(string(src), "\n") {
		switch strings.TrimSpace(line) {
		case "```bash", "```shell", "```console", "```zsh":
			t.Errorf("%s:%d: write shell examples as ```sh, which the replay runs", page, i+1)
		}
	}

	addr := startMock(t, bin)
	dir := t.TempDir()
	sh, err := StartShell(bin, dir, nil)
	require.NoError(t, err)
	t.Cleanup(sh.Close)

	vars, replayed := map[string]string{}, 0
	for _, b := range blocks {
		if b.Skip != "" {
			t.Logf("%s:%d not replayed: %s", page, b.Line, b.Skip)
			continue
		}
		for _, c := range b.Commands {
			replay(t, sh, page+":"+strconv.Itoa(c.Line), c, addr, vars)
			replayed++
		}
	}
	require.GreaterOrEqual(t, replayed, least, "most of %s is replayed", page)
}

func replay(t *testing.T, sh *Shell, where string, c Command, addr string, vars map[string]string) {
	t.Helper()
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
		t.Errorf("%s: the page says\n  %s\nthe mock answered\n  %s", where, c.Answer, clip(res.Stdout))
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
