package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// Exit codes.
const (
	exitOK          = 0
	exitDrift       = 1
	exitUsage       = 2
	exitUnreachable = 3
)

const usage = `usage:
  contract list
  contract record --target mock|URL --out DIR [run's selection and safety flags]
  contract diff [--format F] [--fail-on S] OLD_DIR NEW_DIR
  contract spec-diff --against PUBLISHED_FILE [--spec OURS] [--format text|json]
  contract mirror --api URL [--reporting URL] --out DIR [--config FILE] [--practice ID]... [--npi NPI]...
                  [--department ID]... [--department-url-name NAME]... [--brand NAME[=DISPLAY]]...
                  [--days 14] [--anonymise] [--diff] [--dry-run] [--report FILE] [--rps 5]
  contract run --target mock|URL [--ecvapi URL --api URL --reporting URL] [--run REGEX] [--tags T,...]
               [--allow-writes] [--i-understand-this-is-production] [--format text|json|junit|markdown]
               [--out FILE] [--fail-on breaking|warning|info] [--latency-budget 2s] [--rps 5] [--spec FILE]
               [--fixtures DIR]

Credentials come from DEXCARE_SERVICE_KEY, DEXCARE_API_KEY and DEXCARE_JWT (mirror: the first two).
Exit codes: 0 ok, 1 drift, 2 usage or configuration, 3 unreachable or credentials refused.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[1] {
	case "list":
		return list(stdout)
	case "run":
		return runCommand(args[2:], stdout, stderr)
	case "record":
		return recordCommand(args[2:], stdout, stderr)
	case "mirror":
		return mirrorCommand(args[2:], stdout, stderr)
	case "diff":
		return diffCommand(args[2:], stdout, stderr)
	case "spec-diff":
		return specDiffCommand(args[2:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "contract: unknown command %q\n%s", args[1], usage)
	return exitUsage
}

func list(w io.Writer) int {
	for _, sc := range scenarios.All() {
		fmt.Fprintf(w, "%-26s %-23s %2d steps  %s\n", sc.Name, strings.Join(sc.Tags, ","), len(sc.Steps), sc.Description)
	}
	fmt.Fprintln(w, "\nRules:")
	rules := contract.Rules()
	names := make([]string, 0, len(rules))
	for r := range rules {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, r := range names {
		fmt.Fprintf(w, "  %-22s %s\n", r, rules[r])
	}
	return exitOK
}
