package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func contractCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(append([]string{"contract"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// Every command's --help answers on stdout with exit 0 and names the
// variables it reads; the top-level usage names every command.
func TestEveryHelpExitsZero(t *testing.T) {
	cases := map[string][]string{
		"run":       {"DEXCARE_SERVICE_KEY", "DEXCARE_JWT", "DEXCARE_PRACTICE_ID", "MOCKDEX_JWT_SECRET", "-timeout", "-report"},
		"record":    {"DEXCARE_API_KEY", "-out"},
		"mirror":    {"DEXCARE_API_KEY", "-anonymise"},
		"spec-diff": {"-against"},
		"diff":      {"OLD_DIR NEW_DIR"},
	}
	for cmd, want := range cases {
		code, stdout, stderr := contractCLI(cmd, "--help")
		if code != exitOK || stderr != "" {
			t.Errorf("contract %s --help: exit %d, stderr %q", cmd, code, stderr)
		}
		if !strings.HasPrefix(stdout, "usage: contract "+cmd) {
			t.Errorf("contract %s --help starts %q", cmd, firstLine(stdout))
		}
		for _, w := range want {
			if !strings.Contains(stdout, w) {
				t.Errorf("contract %s --help does not mention %s", cmd, w)
			}
		}
	}
	code, stdout, _ := contractCLI("--help")
	if code != exitOK {
		t.Errorf("contract --help: exit %d", code)
	}
	for _, cmd := range []string{"list", "run", "record", "diff", "spec-diff", "mirror"} {
		if !strings.Contains(stdout, "contract "+cmd+" ") {
			t.Errorf("contract --help does not list %s", cmd)
		}
	}
}

// A variable the command reads but no help names is a setting no one can
// find: every MOCKDEX_* and DEXCARE_* in its source must be in a help.
func TestHelpListsEveryVariable(t *testing.T) {
	var helps strings.Builder
	for _, cmd := range []string{"run", "mirror"} {
		_, stdout, _ := contractCLI(cmd, "--help")
		helps.WriteString(stdout)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`"((?:MOCKDEX|DEXCARE)_[A-Z_]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range named.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !strings.Contains(helps.String(), "  "+m[1]+" ") {
				t.Errorf("%s reads %s but no --help lists it", f, m[1])
			}
		}
	}
	if seen == 0 {
		t.Fatal("found no variables in the source: the pattern is wrong")
	}
}
