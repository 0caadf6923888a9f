package cli

import (
	"bytes"
	"errors"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
)

func newSet() *flag.FlagSet {
	fs := flag.NewFlagSet("tool", flag.ContinueOnError)
	fs.String("mode", "a", "a or b (TOOL_MODE)")
	Install(fs, Help{Synopsis: "usage: tool [flags]", About: "Does a thing.", Env: []Var{{Name: "TOOL_MODE", Help: "the same as --mode"}}})
	return fs
}

func TestHelpGoesToStdout(t *testing.T) {
	var out, errb bytes.Buffer
	err := Parse(newSet(), []string{"--help"}, &out, &errb)
	assert.True(t, errors.Is(err, flag.ErrHelp))
	assert.Empty(t, errb.String())
	assert.Contains(t, out.String(), "usage: tool [flags]\n\nDoes a thing.\n\nflags:\n  -mode string")
	assert.Contains(t, out.String(), "\nenvironment:\n  TOOL_MODE  the same as --mode\n")
}

// A bad flag is one line for the caller to print once, not the usage.
func TestBadFlagIsOneLine(t *testing.T) {
	var out, errb bytes.Buffer
	err := Parse(newSet(), []string{"--colour"}, &out, &errb)
	assert.Error(t, err)
	assert.False(t, errors.Is(err, flag.ErrHelp))
	assert.Empty(t, out.String())
	assert.Empty(t, errb.String(), "the caller prints the error, with its own prefix")
	assert.EqualError(t, err, "unknown flag --colour (tool --help lists every flag)")
}

func TestOneOf(t *testing.T) {
	assert.NoError(t, OneOf("log-format", "json", "text", "json"))
	assert.EqualError(t, OneOf("log-format", "yaml", "text", "json"), `--log-format "yaml": want text or json`)
	assert.EqualError(t, OneOf("mix", "x", "read", "write", "mixed"), `--mix "x": want read, write or mixed`)
}
