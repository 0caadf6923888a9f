package readme

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShellKeepsVariablesAndEndsBackgroundJobs(t *testing.T) {
	sh, err := StartShell(t.TempDir(), t.TempDir(), nil)
	require.NoError(t, err)
	r, err := sh.Run("A=hello", time.Minute)
	require.NoError(t, err)
	assert.Zero(t, r.Exit)
	r, err = sh.Run(`echo "$A"; false`, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, "hello\n", r.Stdout)
	assert.Equal(t, 1, r.Exit)

	r, err = sh.Run("sleep 300 & echo $!", time.Minute)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(r.Stdout))
	require.NoError(t, err)
	sh.Close()
	assert.Eventually(t, func() bool {
		p, _ := os.FindProcess(pid)
		return p.Signal(syscall.Signal(0)) != nil
	}, 5*time.Second, 50*time.Millisecond, "a job left running dies with the session")
}
