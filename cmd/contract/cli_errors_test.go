package main

import (
	"strings"
	"testing"
)

// A mistyped flag is one line naming the flag meant, for every command
// that takes flags; nothing else is printed.
func TestMistypedFlagIsOneLine(t *testing.T) {
	for args, want := range map[string]string{
		"run --targt mock":           "contract run: unknown flag --targt; did you mean --target? (contract run --help lists every flag)\n",
		"record --ouit dir":          "contract record: unknown flag --ouit; did you mean --out? (contract record --help lists every flag)\n",
		"mirror --practise x":        "contract mirror: unknown flag --practise; did you mean --practice? (contract mirror --help lists every flag)\n",
		"diff --formt json a b":      "contract diff: unknown flag --formt; did you mean --format? (contract diff --help lists every flag)\n",
		"spec-diff --agianst f.json": "contract spec-diff: unknown flag --agianst; did you mean --against? (contract spec-diff --help lists every flag)\n",
	} {
		code, stdout, stderr := contractCLI(strings.Fields(args)...)
		if code != exitUsage || stdout != "" || stderr != want {
			t.Errorf("contract %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, stdout, stderr, want)
		}
	}
}

func TestHelpTopics(t *testing.T) {
	code, stdout, stderr := contractCLI("help", "foo")
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, `contract help: no command "foo"; the commands are list, run,`) {
		t.Errorf("contract help foo: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, stdout, _ := contractCLI("help", "mirror"); code != exitOK || !strings.HasPrefix(stdout, "usage: contract mirror") {
		t.Errorf("contract help mirror: exit %d, %q", code, firstLine(stdout))
	}
	if _, _, stderr := contractCLI("recrod"); !strings.Contains(stderr, `unknown command "recrod" (did you mean record?)`) {
		t.Errorf("contract recrod: %q", firstLine(stderr))
	}
}
