// Package runmock runs the mockdex command e2e/binaries built for
// end-to-end tests: on a free loopback port, stopped (SIGINT) when the
// test ends.
package runmock

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Start runs bin/mockdex with args and a free loopback --addr, in dir,
// and returns the address it listens on once it says so.
func Start(t testing.TB, bin, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "mockdex"), append(args, "--addr", "127.0.0.1:0", "--log-level", "warn")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MOCKDEX_ADDR_FILE=")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	_, after, ok := strings.Cut(line, "http://")
	require.True(t, ok, "start-up line %q", line)
	return strings.Fields(after)[0]
}
