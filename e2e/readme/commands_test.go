package readme

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	codeSpan  = regexp.MustCompile("`([^`]*)`")
	pkgArg    = regexp.MustCompile(`(?:^|\s)(\./[\w./-]+?)/?(?:\s|$)`)
	selectArg = regexp.MustCompile(`-(bench|run) ('[^']*'|\S+)`)
	testFunc  = regexp.MustCompile(`(?m)^func ((?:Test|Benchmark)\w+)\(`)
)

// Every benchmark and test docs/performance.md gives as the command of a
// figure is there, in the package it names: a renamed or moved benchmark
// fails here instead of leaving a command that measures nothing.
func TestPerformanceCommandsNameWhatExists(t *testing.T) {
	src, err := os.ReadFile("../../docs/performance.md")
	require.NoError(t, err)
	checked := 0
	for _, span := range codeSpan.FindAllStringSubmatch(string(src), -1) {
		cmd := span[1]
		pkg := pkgArg.FindStringSubmatch(cmd)
		if pkg == nil {
			continue
		}
		for _, sel := range selectArg.FindAllStringSubmatch(cmd, -1) {
			pattern := strings.Trim(strings.ReplaceAll(sel[2], `\|`, "|"), "'")
			if pattern == "^$" {
				continue
			}
			kind := map[string]string{"bench": "Benchmark", "run": "Test"}[sel[1]]
			if !anyFuncMatches(t, filepath.Join("..", "..", pkg[1]), kind, pattern) {
				t.Errorf("docs/performance.md: `%s`: no %s in %s matches %q", cmd, kind, pkg[1], pattern)
			}
			checked++
		}
	}
	require.Greater(t, checked, 10, "docs/performance.md gives its commands")
}

// anyFuncMatches says whether a test file of dir declares a kind
// (Test, Benchmark) function whose name the top level of pattern matches,
// as go test -run and -bench match it.
func anyFuncMatches(t *testing.T, dir, kind, pattern string) bool {
	t.Helper()
	re, err := regexp.Compile(strings.Split(pattern, "/")[0])
	require.NoError(t, err, pattern)
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
			if strings.HasPrefix(m[1], kind) && re.MatchString(m[1]) {
				return true
			}
		}
	}
	return false
}
