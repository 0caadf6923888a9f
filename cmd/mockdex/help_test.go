package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runMockdex(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"mockdex"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// Every way of asking for help answers on stdout with exit 0, and the
// top-level help names every command.
func TestEveryHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"}, {"help", "token"},
		{"serve", "--help"}, {"token", "--help"}, {"healthcheck", "--help"}, {"usage", "--help"}, {"version", "--help"},
	} {
		code, stdout, stderr := runMockdex(args...)
		assert.Equal(t, exitOK, code, "%v", args)
		assert.Empty(t, stderr, "%v", args)
		assert.Contains(t, stdout, "usage:", "%v", args)
	}
	for _, args := range [][]string{{"--help"}, {"help"}} {
		_, stdout, _ := runMockdex(args...)
		for _, cmd := range []string{"mockdex [serve]", "mockdex token", "mockdex healthcheck", "mockdex usage", "mockdex version", "mockdex help"} {
			assert.Contains(t, stdout, cmd, "%v lists %s", args, cmd)
		}
		assert.Contains(t, stdout, "-journal-bytes", "%v shows serve's flags, which bare flags run", args)
	}
}

// A variable a command reads but its help does not name is a setting no
// one can find: every MOCKDEX_* in the command's source must be in a help.
func TestHelpListsEveryVariable(t *testing.T) {
	var helps strings.Builder
	for _, cmd := range []string{"serve", "token", "healthcheck", "usage"} {
		_, stdout, _ := runMockdex(cmd, "--help")
		helps.WriteString(stdout)
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`"(MOCKDEX_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	require.NotEmpty(t, used)
	for name := range used {
		assert.Contains(t, helps.String(), "  "+name+" ", "%s is read but no --help lists it", name)
	}
}

func TestEnumFlagsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--log-format", "yaml"}, {"--log-level", "loud"}, {"--clock", "fast"}, {"serve", "stray"},
	} {
		code, stdout, stderr := runMockdex(args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Empty(t, stdout, "%v: nothing served", args)
		assert.Contains(t, stderr, "mockdex:", "%v", args)
	}
	_, _, stderr := runMockdex("--log-format", "yaml")
	assert.Contains(t, stderr, `--log-format "yaml": want text or json`)
}
