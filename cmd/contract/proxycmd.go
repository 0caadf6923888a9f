package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

const proxyLine = `contract proxy --target URL | --api URL --ecvapi URL --reporting URL [--listen 127.0.0.1:8090]
                [--fallback mock] [--record DIR] [--rps N] [--timeout 1m] [--max-body BYTES]
                [--report FORMAT[=FILE]]... [--flush-interval 30s] [--fail-on S] [--fixtures DIR]`

const proxySynopsis = "usage: " + proxyLine + `

A validating shadow proxy: point your app's DexCare base URLs at --listen.
Each request goes to the tier for its host with the app's credentials
untouched (to that origin only, no redirect followed), and the tier's
answer comes back unchanged. Off the request path every exchange is
judged as contract run judges a step: against the spec, DexCare's
published files and what an in-process mock answers (docs/contract-proxy.md).
File reports are rewritten every --flush-interval; on SIGINT or SIGTERM the
proxy drains, writes every report and exits 1 when a finding reaches
--fail-on. The proxy reads no credential of its own: the app's go through.
` + exitLine

// defaultProxyListen is loopback: the proxy carries the app's credentials
// and patients' data, and is no service for a network.
const defaultProxyListen = "127.0.0.1:8090"

type proxyFlags struct {
	hosts         runFlags // target, ecvapi, api, reporting
	listen        string
	fallback      string
	record        string
	fixtures      string
	failOn        string
	reports       reportFlags
	rps           float64
	timeout       time.Duration
	flushInterval time.Duration
	maxBody       int64
	production    bool
}

func parseProxyFlags(args []string, stdout, stderr io.Writer) (*proxyFlags, error) {
	f := &proxyFlags{}
	fs := flag.NewFlagSet("contract proxy", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: proxySynopsis, Env: []cli.Var{{Name: "NO_COLOR", Help: "set to any value: no colour in a text report on a terminal"}}})
	fs.StringVar(&f.hosts.target, "target", "", "base `URL` of every DexCare host of the tier")
	fs.StringVar(&f.hosts.ecvapi, "ecvapi", "", "base `URL` of the tier's ecvapi host (visits, provider booking)")
	fs.StringVar(&f.hosts.api, "api", "", "base `URL` of the tier's api host (practices, wait times, guest visits, time slots)")
	fs.StringVar(&f.hosts.reporting, "reporting", "", "base `URL` of the tier's reporting host (AVR, APR)")
	fs.StringVar(&f.listen, "listen", defaultProxyListen, "`HOST:PORT` the app connects to (port 0: any free one, printed on stderr); keep it on loopback")
	fs.StringVar(&f.fallback, "fallback", "", `"mock": where the tier answers 404 or 501 for an operation the spec has, the in-process mock answers the app (marked X-Mockdex-Proxy: answered-by-mock, and reported)`)
	fs.StringVar(&f.record, "record", "", "keep the tier's answers to the mirror's read-only calls in this `DIR`, redacted, for contract mirror --from-recording")
	fs.StringVar(&f.fixtures, "fixtures", "", "compare the tier with a mock of this fixtures `DIR` (a contract mirror of the tier) instead of mockdex's default world")
	fs.StringVar(&f.failOn, "fail-on", "breaking", "lowest finding severity that makes the proxy exit 1 when it stops: breaking, warning or info")
	fs.Var(&f.reports, "report", "write the report as FORMAT (text, json, junit, markdown or github) to FILE (rewritten every --flush-interval), or to stdout when it stops when FILE is omitted or -; repeatable")
	fs.Float64Var(&f.rps, "rps", 0, "requests per second toward the tier (0: no limit of the proxy's own; the tier's Retry-After is always honoured)")
	fs.DurationVar(&f.timeout, "timeout", proxy.DefaultTimeout, "bound on one exchange with the tier, sending to last byte")
	fs.DurationVar(&f.flushInterval, "flush-interval", 30*time.Second, "how often the file reports are rewritten")
	fs.Int64Var(&f.maxBody, "max-body", proxy.DefaultMaxBody, "largest answer passed on to the app, in bytes; a larger one is cut (the app's read fails) and reported")
	fs.BoolVar(&f.production, "i-understand-this-is-production", false, "allow a tier that looks like production (patients' data then passes through the proxy)")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.hosts.target == "mock":
		return nil, errors.New(`--target mock: the proxy stands in front of a tier; give its URL (for a mock, a running mockdex's)`)
	case f.hosts.target == "" && (f.hosts.api == "" || f.hosts.ecvapi == "" || f.hosts.reporting == ""):
		return nil, errors.New("--target URL is required, or all of --ecvapi, --api and --reporting")
	case f.fallback != "" && f.fallback != "mock":
		return nil, fmt.Errorf("--fallback %q: the one fallback is mock", f.fallback)
	case f.timeout <= 0 || f.flushInterval <= 0 || f.maxBody <= 0 || f.rps < 0:
		return nil, errors.New("--timeout, --flush-interval and --max-body must be positive, --rps not negative")
	}
	if err := checkLoopback(f.listen); err != nil {
		return nil, err
	}
	if len(f.reports) == 0 {
		f.reports = reportFlags{{format: "text"}}
	}
	if n := countStdout(f.reports); n > 1 {
		return nil, errors.New("more than one report to stdout: give all but one a FILE (--report FORMAT=FILE)")
	}
	return f, nil
}

// checkLoopback refuses a listen address off loopback: the proxy carries
// the app's credentials and patients' data.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: want HOST:PORT", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--listen %q: the proxy listens on loopback only (127.0.0.1, [::1], localhost): it carries the app's credentials and patients' data", addr)
	}
	return nil
}

func countStdout(r reportFlags) int {
	n := 0
	for _, x := range r {
		if x.file == "" {
			n++
		}
	}
	return n
}

// proxyCommand serves the shadow proxy until SIGINT or SIGTERM (or the
// test's stop), then writes its reports.
func (d deps) proxyCommand(args []string, stdout, stderr io.Writer) int {
	f, err := parseProxyFlags(args, stdout, stderr)
	if err != nil {
		return usageError(stderr, "contract proxy", err)
	}
	failOn, ok := contract.ParseSeverity(f.failOn)
	if !ok {
		fmt.Fprintf(stderr, "contract proxy: --fail-on %q: want breaking, warning or info\n", f.failOn)
		return exitUsage
	}
	p, err := d.newProxy(f)
	if err != nil {
		fmt.Fprintf(stderr, "contract proxy: %v\n", err)
		return exitUsage
	}
	defer p.Close()
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		fmt.Fprintf(stderr, "contract proxy: %v\n", err)
		return exitUsage
	}
	ctx, stop := d.stopContext()
	defer stop()
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second, ErrorLog: discardLog()}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "contract proxy: listening on http://%s (point the app's DexCare base URLs here); stop with Ctrl-C\n", ln.Addr())
	if d.listening != nil {
		d.listening(ln.Addr().String())
	}
	opts := contract.WriteOptions{FailOn: failOn, Scrubber: contract.NewScrubber()}
	tick := time.NewTicker(f.flushInterval)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case err := <-served:
			fmt.Fprintf(stderr, "contract proxy: %v\n", err)
			return exitUnreachable
		case <-tick.C:
			if err := writeFileReports(p.Report(), f.reports, opts); err != nil {
				fmt.Fprintf(stderr, "contract proxy: %v\n", err)
			}
		}
	}
	drain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(drain)
	_ = p.Wait(drain)
	rep := p.Report()
	if err := writeFileReports(rep, f.reports, opts); err != nil {
		fmt.Fprintf(stderr, "contract proxy: %v\n", err)
		return exitUsage
	}
	for _, x := range f.reports {
		if x.file == "" {
			o := opts
			o.Format = x.format
			o.Color = x.format == "text" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
			_ = contract.Write(stdout, rep, o)
		}
	}
	fmt.Fprintln(stderr, rep.SummaryLine(failOn))
	if rep.FailsAt(failOn) {
		return exitDrift
	}
	return exitOK
}

// newProxy builds the proxy: the tier's hosts, the in-process mock it
// compares with (and falls back to), the project's judge.
func (d deps) newProxy(f *proxyFlags) (*proxy.Proxy, error) {
	bases, err := baseURLs(&f.hosts)
	if err != nil {
		return nil, err
	}
	if anyProduction(bases) && !f.production {
		return nil, errors.New("the tier looks like production (no uat, dev, test, stage or qa in its host name, not a loopback or private address): patients' data would pass through the proxy; run with --i-understand-this-is-production if you mean it")
	}
	fixtures, err := fixturesDir(f.fixtures)
	if err != nil {
		return nil, err
	}
	// The mock's clock is now: the app's dates are relative to today.
	m, err := inproc.Start(inproc.Options{Seed: inproc.DefaultSeed, Start: time.Now().UTC().Truncate(time.Second), Fixtures: fixtures})
	if err != nil {
		return nil, err
	}
	j, err := projectJudge()
	if err != nil {
		return nil, err
	}
	name := targetName(&f.hosts, bases)
	return proxy.New(proxy.Options{Upstreams: bases, Mock: m.Server, MockCredentials: m.Target(nil).Creds,
		MockPatient: scenarios.Defaults()["patientGuid"], Judge: j, Fallback: f.fallback == "mock", RecordDir: f.record,
		Transport: d.transport, Timeout: f.timeout, MaxBody: f.maxBody, RPS: f.rps, Target: "proxy → " + name})
}

// stopContext ends on SIGINT or SIGTERM, or when a test says so.
func (d deps) stopContext() (context.Context, context.CancelFunc) {
	if d.stop != nil {
		return context.WithCancel(d.stop)
	}
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// writeFileReports writes every report that has a file, each whole or
// not at all (a temporary file renamed), so a reader never sees half.
func writeFileReports(rep *contract.Report, reports reportFlags, opts contract.WriteOptions) error {
	for _, x := range reports {
		if x.file == "" {
			continue
		}
		o := opts
		o.Format = x.format
		tmp := x.file + ".tmp"
		if err := writeFile(tmp, rep, o); err != nil {
			return fmt.Errorf("--report %s: %v", x.format, err)
		}
		if err := os.Rename(tmp, x.file); err != nil {
			return fmt.Errorf("--report %s: %v", x.format, err)
		}
	}
	return nil
}

// discardLog keeps net/http from logging: its messages can carry URLs,
// and so queries.
func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
