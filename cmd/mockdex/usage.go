package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/usage"
)

const usageUsage = `usage: mockdex usage [--url URL | --addr HOST:PORT] [--namespace NS | --all] [--out FILE] [--timeout D]

Fetches the usage profile of what apps sent to a running mock
(GET /_mockdex/usage, docs/usage-profile.md): the operations called, the
parameters and body fields set, the enum values chosen, the statuses got
and the response fields they could have read; no patient value, no
secret. It goes to --out (or stdout), for contract run --usage.
Exits 0 when written, 1 when the mock did not give it, 2 on a usage error.`

var usageEnv = []cli.Var{
	{Name: "MOCKDEX_ADMIN_TOKEN", Help: "the bearer token a shared mock's /_mockdex/ requires"},
	{Name: "MOCKDEX_ADDR_FILE", Help: "the address serve recorded; asked first when neither --url nor --addr is given"},
	{Name: "MOCKDEX_ADDR", Help: "serve's listen address; asked when no address was recorded"},
}

// usageCommand writes a running mock's usage profile to a file.
func usageCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex usage", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: usageUsage, Env: usageEnv})
	url := fs.String("url", "", "base `URL` of the mock (default: see --addr)")
	addr := fs.String("addr", "", "the mock's listen address, as given to serve (default: as for mockdex healthcheck)")
	ns := fs.String("namespace", "", "the namespace whose profile to fetch (default: the default namespace)")
	all := fs.Bool("all", false, "every namespace's profile merged into one")
	out := fs.String("out", "", "write the profile to this `FILE` (default: stdout)")
	timeout := fs.Duration("timeout", 10*time.Second, "how long to wait for the mock")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, "mockdex usage:", err)
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "mockdex usage: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	case *ns != "" && *all:
		fmt.Fprintln(stderr, "mockdex usage: --namespace and --all name different profiles; give one")
		return exitUsage
	case *ns != "" && namespaces.Check(*ns) != nil:
		fmt.Fprintf(stderr, "mockdex usage: --namespace %q: want 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit\n", *ns)
		return exitUsage
	}
	base, err := probeBase(*url, *addr)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex usage:", err)
		return exitUsage
	}
	doc, err := fetchProfile(base, *ns, *all, *timeout)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex usage:", err)
		return exitFail
	}
	if *out == "" {
		_, _ = stdout.Write(doc)
		return exitOK
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		fmt.Fprintln(stderr, "mockdex usage:", err)
		return exitFail
	}
	fmt.Fprintf(stderr, "mockdex usage: wrote %s\n", *out)
	return exitOK
}

// fetchProfile asks the mock for a profile and checks it is one (a
// version this mockdex reads, no value the redaction list masks).
func fetchProfile(base, ns string, all bool, timeout time.Duration) ([]byte, error) {
	target := strings.TrimSuffix(base, "/") + "/_mockdex/usage"
	if all {
		target += "?all=true"
	}
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	if ns != "" {
		req.Header.Set(namespaces.Header, ns)
	}
	if tok := os.Getenv("MOCKDEX_ADMIN_TOKEN"); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	client := &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("not answering: %v", err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(io.LimitReader(resp.Body, usage.MaxDocumentBytes+1))
	switch {
	case err != nil:
		return nil, err
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s answered %d: %s", target, resp.StatusCode, strings.TrimSpace(string(doc[:min(len(doc), 512)])))
	}
	if _, err := usage.Read(strings.NewReader(string(doc))); err != nil {
		return nil, err
	}
	return doc, nil
}
