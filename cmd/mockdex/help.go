package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/cli"
)

const commands = `usage:
  mockdex [serve] [flags]        serve the mock (mockdex serve --help lists its flags)
  mockdex token --patient GUID   print a patient bearer token
  mockdex healthcheck [--url U | --addr A]
                                 exit 0 if the mock answers where serve listens, 1 if not
  mockdex usage [--url U] [--namespace NS | --all] [--out FILE]
                                 save a running mock's usage profile (for contract run --usage)
  mockdex version                print the version and commit
  mockdex help [COMMAND]         this text, or a command's help (the same as COMMAND --help)
`

// commandNames are the commands run dispatches (help aside).
var commandNames = []string{"serve", "token", "healthcheck", "usage", "version"}

// didYouMean is ` (did you mean X?)` for a mistyped command, or "".
func didYouMean(cmd string) string {
	if near := cli.Suggest(cmd, slices.Concat(commandNames, []string{"help"})); len(near) > 0 {
		return " (did you mean " + strings.Join(near, " or ") + "?)"
	}
	return ""
}

// Variables serve reads that no flag sets: credentials stay out of the
// process list, and the rest are for containers.
var serveOnlyEnv = []cli.Var{
	{Name: "MOCKDEX_SERVICE_KEY", Help: "reporting key, sent as Authorization: dc-token KEY (default SECRET_TOKEN, the docs' placeholder)"},
	{Name: "MOCKDEX_API_KEY", Help: "x-api-key for guest visits, time slots, slots and Care Options (default mockdex-api-key)"},
	{Name: "MOCKDEX_JWT_SECRET", Help: "HMAC secret patient tokens are signed and checked with (default: the development secret)"},
	{Name: "MOCKDEX_BASE_URL", Help: "how clients reach the mock, used in visitRedirectUrl (default: the request's own scheme and host)"},
	{Name: "MOCKDEX_ADMIN_TOKEN", Help: "when set, /_mockdex/ requires Authorization: Bearer <token>"},
	{Name: "MOCKDEX_ADDR_FILE", Help: "file serve writes its bound address to, for mockdex healthcheck in the same container"},
	{Name: "GOGC", Help: "Go's collector setting; when set, it stands and serve keeps no heap floor (unset: no collection before 24 MiB of heap, docs/limits.md#the-collectors-floor)"},
}

var healthcheckEnv = []cli.Var{
	{Name: "MOCKDEX_ADDR_FILE", Help: "the address serve recorded; probed first"},
	{Name: "MOCKDEX_ADDR", Help: "serve's listen address; probed when no address was recorded"},
}

var tokenEnv = []cli.Var{
	{Name: "MOCKDEX_JWT_SECRET", Help: "the secret the mock checks tokens with (default: the development secret)"},
	{Name: "MOCKDEX_CLOCK", Help: "the default for --clock"},
	{Name: "MOCKDEX_FIXTURES", Help: "the default for --fixtures"},
}

// flagEnv matches the "(MOCKDEX_X)" every serve flag's help ends with.
var flagEnv = regexp.MustCompile(`\((MOCKDEX_[A-Z_]+)[^)]*\)`)

// serveEnv is every variable serve reads: the flags' own, found in their
// help so the list cannot fall behind, then the ones no flag sets.
func serveEnv(fs *flag.FlagSet) []cli.Var {
	var vars []cli.Var
	fs.VisitAll(func(f *flag.Flag) {
		if m := flagEnv.FindStringSubmatch(f.Usage); m != nil {
			vars = append(vars, cli.Var{Name: m[1], Help: "the same as --" + f.Name})
		}
	})
	return append(vars, serveOnlyEnv...)
}

// help answers `mockdex help [COMMAND]` and `mockdex --help`: the
// commands, then serve's flags (bare flags mean serve).
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && slices.Contains(commandNames, args[0]) {
		return run([]string{"mockdex", args[0], "--help"}, stdout, stderr)
	}
	if len(args) > 0 && !isHelp(args[0]) && args[0] != "help" {
		fmt.Fprintf(stderr, "mockdex help: no command %q%s; the commands are %s\n", args[0], didYouMean(args[0]), strings.Join(commandNames, ", "))
		return exitUsage
	}
	d, err := readServeEnv()
	if err != nil { // the defaults shown are then the built-in ones
		d = serveEnvDefaults{drain: defaultDrain}
	}
	fs := serveFlags(new(serveConfig), d)
	cli.Print(stdout, fs, cli.Help{Synopsis: commands, About: "Bare flags run serve; its flags:", Env: serveEnv(fs)})
	return exitOK
}
