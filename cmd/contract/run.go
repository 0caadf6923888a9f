package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/cli"
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

// Synopses, one per command: the top-level usage is made of them, and
// each command's --help starts with its own.
const (
	listSynopsis = "contract list                        scenarios and rules"
	runLine      = `contract run --target mock|URL [--ecvapi URL --api URL --reporting URL]
               [--run REGEX] [--tags T,...] [--allow-writes] [--i-understand-this-is-production]
               [--report FORMAT[=FILE]]... [--fail-on breaking|warning|info] [--timeout 15m]
               [--latency-budget 2s] [--poll-deadline D] [--rps 5] [--parallel 4] [--max-response-bytes N]
               [--follow-redirects] [--spec FILE] [--fixtures DIR] [--usage PROFILE]`
	recordLine = "contract record --target mock|URL --out DIR [run's selection and safety flags]"
	diffLine   = "contract diff [--format F] [--fail-on S] OLD_DIR NEW_DIR"
	specLine   = "contract spec-diff --against PUBLISHED_FILE [--spec OURS] [--report FORMAT[=FILE]]... [--fail-on S]"
	mirrorLine = `contract mirror --api URL [--reporting URL] --out DIR [--config FILE] [--practice ID]... [--npi NPI]...
                [--department ID]... [--department-url-name NAME]... [--brand NAME[=DISPLAY]]...
                [--days 14] [--anonymise] [--diff] [--dry-run] [--report FILE] [--rps 5]
                [--max-response-bytes N] [--i-understand-this-is-production] [--from-recording DIR]`
	exitLine = "Exit codes: 0 ok, 1 drift, 2 usage or configuration, 3 unreachable or credentials refused."
)

const usage = "usage:\n  " + listSynopsis + "\n  " + runLine + "\n  " + recordLine + "\n  " + diffLine +
	"\n  " + specLine + "\n  " + mirrorLine + "\n  " + proxyLine + "\n  " + usageMergeLine + `

Each command's --help lists its flags and the environment variables it reads.
Credentials come only from the environment: DEXCARE_SERVICE_KEY, DEXCARE_API_KEY,
DEXCARE_JWT (mirror: the first two).
` + exitLine + "\n"

var runSynopsis = map[string]string{
	"run": "usage: " + runLine + `

Replays the scenarios against the target and the in-process mock, judges every
answer by the spec and DexCare's published files, and reports drift. Progress
goes to stderr, reports to stdout or their files.
` + exitLine,
	"record": "usage: " + recordLine + `

Saves each scenario's answers from the target into DIR, for contract diff.`,
}

const (
	diffSynopsis     = "usage: " + diffLine + "\n\nCompares two contract record directories."
	specDiffSynopsis = "usage: " + specLine + "\n\nReports oasdiff's changes from our spec to a DexCare published file; exits 1 when one reaches --fail-on."
	mirrorSynopsis   = "usage: " + mirrorLine + "\n\nRecords a tier's configuration, read-only, into a fixtures directory (docs/mirror.md)."
)

func run(args []string, stdout, stderr io.Writer) int { return deps{}.run(args, stdout, stderr) }

func (d deps) run(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[1] {
	case "list":
		return list(stdout)
	case "run":
		return d.runCommand(args[2:], stdout, stderr)
	case "record":
		return d.recordCommand(args[2:], stdout, stderr)
	case "mirror":
		return d.mirrorCommand(args[2:], stdout, stderr)
	case "diff":
		return diffCommand(args[2:], stdout, stderr)
	case "spec-diff":
		return specDiffCommand(args[2:], stdout, stderr)
	case "proxy":
		return d.proxyCommand(args[2:], stdout, stderr)
	case "usage":
		return usageCommand(args[2:], stdout, stderr)
	case "help", "-h", "--help":
		return help(args[2:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "contract: unknown command %q%s\n%s", args[1], didYouMean(args[1]), usage)
	return exitUsage
}

// commandNames are the commands run dispatches (help aside).
var commandNames = []string{"list", "run", "record", "diff", "spec-diff", "mirror", "proxy", "usage"}

// help answers `contract help [COMMAND]`: the usage, or the command's
// --help; a command that does not exist is a usage error.
func help(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "list":
		fmt.Fprint(stdout, usage)
		return exitOK
	case slices.Contains(commandNames, args[0]):
		return run([]string{"contract", args[0], "--help"}, stdout, stderr)
	}
	fmt.Fprintf(stderr, "contract help: no command %q%s; the commands are %s\n", args[0], didYouMean(args[0]), strings.Join(commandNames, ", "))
	return exitUsage
}

// didYouMean is ` (did you mean X?)` for a mistyped command, or "".
func didYouMean(cmd string) string {
	if near := cli.Suggest(cmd, slices.Concat(commandNames, []string{"help"})); len(near) > 0 {
		return " (did you mean " + strings.Join(near, " or ") + "?)"
	}
	return ""
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
