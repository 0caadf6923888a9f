package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	profileA = `{"version":1,"sources":["run-a"],"operations":{"getModalities":{"calls":2,"statuses":{"200":2}}}}`
	profileB = `{"version":1,"sources":["run-b"],"operations":{"getModalities":{"calls":1,"statuses":{"200":1}},"getAssignmentQualifiers":{"calls":1,"statuses":{"200":1}}}}`
)

// Two runs' profiles merge into one whose counts add up; merging the
// result with one of its inputs again changes nothing.
func TestUsageMerge(t *testing.T) {
	dir := t.TempDir()
	a, b, out := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(dir, "m.json")
	require.NoError(t, os.WriteFile(a, []byte(profileA), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(profileB), 0o644))
	var stdout, stderr bytes.Buffer
	code := run([]string{"contract", "usage", "merge", a, b, "--out", out}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	merged, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(merged), `"calls": 3`)
	assert.Contains(t, string(merged), `"getAssignmentQualifiers"`)

	stdout.Reset()
	code = run([]string{"contract", "usage", "merge", out, a}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Equal(t, string(merged), stdout.String(), "merging a profile already in it changes nothing")
}

func TestUsageMergeRefusals(t *testing.T) {
	dir := t.TempDir()
	leaky := filepath.Join(dir, "leaky.json")
	require.NoError(t, os.WriteFile(leaky, []byte(`{"version":1,"operations":{"createVisitV9":{"calls":1,"statuses":{"200":1},
		"requestFields":{"/patient/firstName":{"sent":1,"values":{"Zelphine":1}}}}}}`), 0o644))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"usage"}, "contract usage merge PROFILE"},
		{[]string{"usage", "merge"}, "name the profiles"},
		{[]string{"usage", "merge", filepath.Join(dir, "none.json")}, "no such file"},
		{[]string{"usage", "merge", leaky}, "values under names the redaction list masks"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"contract"}, c.args...), &stdout, &stderr)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, stderr.String(), c.want, "%v", c.args)
		assert.NotContains(t, stderr.String(), "Zelphine", "a refusal says where, never what")
	}
}
