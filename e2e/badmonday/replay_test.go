package badmonday

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
	"github.com/mockdex/mockdex/e2e/readme"
	"github.com/mockdex/mockdex/e2e/runmock"
)

const (
	page           = "docs/timeline.md"
	startFlag      = "--timeline examples/bad-monday/timeline.json"
	commandTimeout = time.Minute
)

// root is the module's directory.
var root = filepath.Join("..", "..")

// TestBadMondayAsDocumented starts the mock with the page's own command
// line and replays the page's commands against it.
func TestBadMondayAsDocumented(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mockdex and replays the page over HTTP")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed (.ci/run installs it)")
	}
	src, err := os.ReadFile(filepath.Join(root, page))
	require.NoError(t, err)
	blocks := readme.Blocks(string(src))
	bin := binaries.Dir(t)
	addr := startAsDocumented(t, bin, blocks)

	sh, err := readme.StartShell(bin, t.TempDir(), nil)
	require.NoError(t, err)
	t.Cleanup(sh.Close)
	vars, replayed := map[string]string{}, 0
	for _, b := range blocks {
		if b.Skip != "" {
			continue
		}
		for _, c := range b.Commands {
			replay(t, sh, c, addr, vars)
			replayed++
		}
	}
	require.Greater(t, replayed, 25, "the walk through the day is replayed")
}

// startAsDocumented runs the page's start command (the block the replay
// skips) on a free loopback port, and returns the address.
func startAsDocumented(t *testing.T, bin string, blocks []readme.Block) string {
	t.Helper()
	var line string
	for _, b := range blocks {
		for _, c := range b.Commands {
			if strings.Contains(c.Text, startFlag) {
				line = c.Text
			}
		}
	}
	require.NotEmpty(t, line, "the page starts the mock with %s", startFlag)
	line = strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(line, "\\\n", " ")), "&")
	args := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "go run ./cmd/mockdex"))
	return runmock.Start(t, bin, root, args...)
}

// replay runs one command of the page and checks the answer written
// under it, as the README's replay does: "..." is anything, <name>
// captures a value for later commands, a leading status is curl's last.
func replay(t *testing.T, sh *readme.Shell, c readme.Command, addr string, vars map[string]string) {
	t.Helper()
	where := page + ":" + strconv.Itoa(c.Line)
	text, err := readme.Fill(strings.NewReplacer("127.0.0.1:8080", addr, "localhost:8080", addr).Replace(c.Text), vars)
	require.NoError(t, err, where)
	res, err := sh.Run(text, commandTimeout)
	require.NoError(t, err, "%s: %s", where, c.Text)
	want, err := readme.ParseAnswer(readme.FillKnown(c.Answer, vars))
	require.NoError(t, err, where)
	switch {
	case want.Status != 0:
		if len(res.Statuses) == 0 || res.Statuses[len(res.Statuses)-1] != want.Status {
			t.Errorf("%s: want HTTP %d, got %v\n%s\nbody: %s", where, want.Status, res.Statuses, c.Text, res.Stdout)
		}
	case res.Exit != 0:
		t.Errorf("%s: exit %d\n%s\nstderr: %s", where, res.Exit, c.Text, res.Stderr)
	}
	if c.Answer == "" {
		return
	}
	got, ok := want.Match(res.Stdout)
	if !ok {
		t.Errorf("%s: the page says\n  %s\nthe mock answered\n  %s", where, c.Answer, res.Stdout)
		return
	}
	for k, v := range got {
		vars[k] = v
	}
}
