package main

import (
	"bytes"
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
