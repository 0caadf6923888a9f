package cli

import (
	"bytes"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSuggest(t *testing.T) {
	flags := []string{"addr", "admin-host", "clock", "data-dir", "fixtures", "journal-bytes", "journal-size", "seed"}
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{"adr", []string{"addr"}},
		{"add", []string{"addr"}},
		{"fixture", []string{"fixtures"}},
		{"FIXTURES", []string{"fixtures"}},
		{"datadir", []string{"data-dir"}},
		{"clokc", []string{"clock"}},
		{"journal", []string{"journal-bytes", "journal-size"}}, // a start of two: both
		{"port", nil},                                          // nothing like it
		{"x", nil},                                             // one letter is too short to guess from
		{"frobnicate", nil},
	} {
		assert.Equal(t, c.want, Suggest(c.typed, flags), c.typed)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"addr", "addr", 0}, {"adr", "addr", 1}, {"clokc", "clock", 1},
		{"kitten", "sitting", 3}, {"", "seed", 4}, {"mdoe", "mode", 1},
	} {
		assert.Equal(t, c.want, editDistance(c.a, c.b), "%s/%s", c.a, c.b)
		assert.Equal(t, c.want, editDistance(c.b, c.a), "%s/%s", c.b, c.a)
	}
}

// Each flag error is one line that names the flag as the user typed it
// (two dashes) and points at the help; an unknown flag names the one
// meant when one is close.
func TestFlagErrorsAreOneLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--mdoe", "b"}, "unknown flag --mdoe; did you mean --mode? (tool --help lists every flag)"},
		{[]string{"-volume=3"}, "unknown flag --volume (tool --help lists every flag)"},
		{[]string{"--mode"}, "--mode needs a value (tool --help lists every flag)"},
		{[]string{"--count", "many"}, `invalid value "many" for flag --count: parse error (tool --help lists every flag)`},
	} {
		fs := newSet()
		fs.Int("count", 1, "how many")
		var out, errb bytes.Buffer
		err := Parse(fs, c.args, &out, &errb)
		assert.EqualError(t, err, c.want, "%v", c.args)
		assert.Empty(t, out.String()+errb.String(), "%v: Parse itself prints nothing", c.args)
	}
}

// Help still prints the whole usage, once, on stdout.
func TestHelpPrintedOnce(t *testing.T) {
	var out, errb bytes.Buffer
	err := Parse(newSet(), []string{"-h"}, &out, &errb)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Equal(t, 1, bytes.Count(out.Bytes(), []byte("usage: tool")))
	assert.Empty(t, errb.String())
}
