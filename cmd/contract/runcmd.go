package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/scenarios"
	usageprofile "github.com/mockdex/mockdex/internal/usage"
	"github.com/mockdex/mockdex/spec"
)

// Defaults sized for a real tier: a run ends within a few minutes, an AVR
// job is watched for two of them, and a request gets half a minute.
const (
	defaultRunTimeout     = 5 * time.Minute
	defaultRequestTimeout = 30 * time.Second
)

type runFlags struct {
	target, ecvapi, api, reporting string
	run, tags, format, out, failOn string
	specFile, publishedDir         string
	fixtures                       string
	namespace                      string
	usageFile                      string
	allowWrites, production        bool
	followRedirects                bool
	formatSet                      bool
	reports                        reportFlags
	latency, timeout, reqTimeout   time.Duration
	pollDeadline                   time.Duration
	rps                            float64
	maxBytes                       int64
	parallel                       int
	caCert                         string
	roots                          *x509.CertPool // the system's and --ca-cert's; nil: the system's
}

// singleTarget says every host is --target's (no --api, --ecvapi or
// --reporting): only such a target may be asked whether it is a mockdex.
func (f *runFlags) singleTarget() bool {
	return f.target != "" && f.target != "mock" && f.ecvapi == "" && f.api == "" && f.reporting == ""
}

func (f *runFlags) clientOptions() clientOptions {
	return clientOptions{rps: f.rps, timeout: f.reqTimeout, maxBytes: f.maxBytes, followRedirects: f.followRedirects, roots: f.roots}
}

func parseRunFlags(cmd string, args []string, stdout, stderr io.Writer) (*runFlags, error) {
	f := &runFlags{}
	fs := flag.NewFlagSet("contract "+cmd, flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: runSynopsis[cmd], Env: runEnv()})
	fs.StringVar(&f.target, "target", "", `"mock" (in-process, no network) or the base URL of every host`)
	fs.StringVar(&f.ecvapi, "ecvapi", "", "base URL of the ecvapi host (visits, provider booking)")
	fs.StringVar(&f.api, "api", "", "base URL of the api host (practices, wait times, guest visits, time slots)")
	fs.StringVar(&f.reporting, "reporting", "", "base URL of the reporting host (AVR, APR)")
	fs.StringVar(&f.run, "run", "", "run only scenarios whose name matches this regular expression")
	fs.StringVar(&f.tags, "tags", "", "run only scenarios with one of these comma-separated tags (read-only, writes)")
	fs.BoolVar(&f.allowWrites, "allow-writes", false, "run scenarios that create visits and bookings in the target")
	fs.BoolVar(&f.production, "i-understand-this-is-production", false, "allow writes to a host that looks like production")
	fs.Var(&f.reports, "report", "write the report as FORMAT (text, json, junit, markdown or github) to FILE, or to stdout when FILE is omitted or -; repeatable: --report junit=out.xml --report markdown=summary.md")
	fs.StringVar(&f.format, "format", "text", "report format when no --report is given: text, json, junit, markdown or github (kept for old scripts)")
	fs.StringVar(&f.out, "out", "", "run: write the --format report to this file, the summary line to stdout (kept for old scripts); record: the directory")
	fs.StringVar(&f.failOn, "fail-on", "breaking", "lowest finding severity that fails the run: breaking, warning or info")
	fs.DurationVar(&f.latency, "latency-budget", 2*time.Second, "an answer slower than this is a latency-over-budget finding (0: no budget)")
	fs.DurationVar(&f.timeout, "timeout", defaultRunTimeout, "deadline for the whole run; scenarios not finished by then are reported as cut short")
	fs.DurationVar(&f.reqTimeout, "request-timeout", defaultRequestTimeout, "deadline for one request, its answer's body included; past it the request is a stalled-before-answer or stalled-in-body finding")
	fs.Int64Var(&f.maxBytes, "max-response-bytes", contract.DefaultMaxResponseBytes, "largest answer body read, in bytes; a larger one (or JSON of more than a million values) is a response-too-large finding and is not read on")
	fs.IntVar(&f.parallel, "parallel", contract.DefaultParallel, "how many scenarios run against a tier at once (1: one at a time); a mockdex whose clock the run moves always gets one at a time")
	fs.BoolVar(&f.followRedirects, "follow-redirects", false, "follow a redirect within the same origin (scheme, host and port); a redirect to another origin is never followed, and is a finding")
	fs.DurationVar(&f.pollDeadline, "poll-deadline", 0, fmt.Sprintf("how long a polled job is watched before it is job-stuck (0: each step's own; AVR %s)", scenarios.AVRPollDeadline))
	fs.Float64Var(&f.rps, "rps", 5, "requests per second against the target")
	fs.StringVar(&f.specFile, "spec", "", "judge responses by this OpenAPI file instead of spec/dexcare.yaml")
	fs.StringVar(&f.fixtures, "fixtures", "", "compare the target with mocks of this fixtures `DIR` (a contract mirror of the tier) instead of mockdex's default world; --target mock runs on it too")
	fs.StringVar(&f.publishedDir, "published", "", "directory of DexCare's published OpenAPI files (*.json) to judge their operations by (default: the facts embedded from them)")
	fs.StringVar(&f.namespace, "namespace", "", "against a shared mockdex: run in this namespace (sent as X-Mockdex-Namespace on every request), so the run's visits, clock and faults are its own")
	if cmd == "run" {
		fs.StringVar(&f.usageFile, "usage", "", "scope the run to an app's usage profile `FILE` (mockdex usage, mockdextest's SaveUsageProfile; docs/usage-profile.md): drift the app does not depend on drops to info, and the requests only the app makes are replayed as the app-usage scenarios (writes with --allow-writes only)")
	}
	fs.StringVar(&f.caCert, "ca-cert", "", "PEM file of a certificate authority to trust besides the system's, for an https target: a mockdex's --tls auto authority, or a tier's private one")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return nil, err
	}
	var err error
	if f.roots, err = trustedRoots(f.caCert); err != nil {
		return nil, err
	}
	if err := namespaces.Check(f.namespace); err != nil {
		return nil, fmt.Errorf("--namespace %q: want 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", f.namespace)
	}
	fs.Visit(func(fl *flag.Flag) { f.formatSet = f.formatSet || fl.Name == "format" })
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.target == "" && (f.api == "" || f.ecvapi == "" || f.reporting == "") {
		return nil, errors.New("--target is required (mock or a URL), or all of --ecvapi, --api and --reporting")
	}
	if f.timeout <= 0 || f.reqTimeout <= 0 || f.pollDeadline < 0 {
		return nil, errors.New("--timeout and --request-timeout must be positive, --poll-deadline not negative")
	}
	if f.maxBytes <= 0 || f.parallel <= 0 {
		return nil, errors.New("--max-response-bytes and --parallel must be positive")
	}
	return f, nil
}

func (d deps) runCommand(args []string, stdout, stderr io.Writer) int {
	f, opts, cfg, code := d.prepare("run", args, stdout, stderr)
	if f == nil {
		return code
	}
	cfg.Progress = stderr
	rep, err := contract.Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintf(stderr, "contract run: %v\n", err)
		return exitUsage
	}
	return report(rep, f, opts, stdout, stderr)
}

// prepare reads run's flags (record shares them), configures the run and
// reaches the target; a nil *runFlags ends the command with the code
// returned (0 after --help), its reason already on stderr.
func (d deps) prepare(cmd string, args []string, stdout, stderr io.Writer) (*runFlags, contract.WriteOptions, contract.Config, int) {
	var opts contract.WriteOptions
	var cfg contract.Config
	fail := func(err error, code int) (*runFlags, contract.WriteOptions, contract.Config, int) {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "contract %s: %v\n", cmd, err)
		}
		return nil, opts, cfg, code
	}
	f, err := parseRunFlags(cmd, args, stdout, stderr)
	if err == nil && cmd == "record" && f.out == "" {
		err = errors.New("--out DIR is required")
	}
	if err != nil {
		return fail(err, usageCode(err))
	}
	if opts, cfg, err = configure(f, cmd); err != nil {
		return fail(err, exitUsage)
	}
	tgt, err := d.buildTarget(context.Background(), f, cfg.Scenarios, cfg.Scrubber)
	if err != nil {
		if errors.As(err, new(unreachableError)) {
			return fail(err, exitUnreachable)
		}
		return fail(err, exitUsage)
	}
	tgt.apply(&cfg)
	return f, opts, cfg, exitOK
}

// configure turns flags into the run's configuration (everything but the target).
func configure(f *runFlags, cmd string) (contract.WriteOptions, contract.Config, error) {
	var cfg contract.Config
	failOn, ok := contract.ParseSeverity(f.failOn)
	if !ok {
		return contract.WriteOptions{}, cfg, fmt.Errorf("--fail-on %q: want breaking, warning or info", f.failOn)
	}
	opts := contract.WriteOptions{Format: f.format, FailOn: failOn}
	if !validFormat(f.format) {
		return opts, cfg, fmt.Errorf("--format %q: want one of %s", f.format, strings.Join(contract.Formats, ", "))
	}
	if cmd == "run" {
		if err := f.reports.check(f); err != nil {
			return opts, cfg, err
		}
	}
	sel, err := selectScenarios(f.run, f.tags)
	if err != nil {
		return opts, cfg, err
	}
	j, err := loadJudge(f.specFile, f.publishedDir)
	if err != nil {
		return opts, cfg, err
	}
	prof, err := readProfile(f.usageFile)
	if err != nil {
		return opts, cfg, err
	}
	cfg = contract.Config{Scenarios: sel, AllowWrites: f.allowWrites, ProductionOK: f.production,
		LatencyBudget: f.latency, Timeout: f.timeout, Parallel: f.parallel, Judge: j, Scrubber: contract.NewScrubber(), Usage: prof}
	opts.Scrubber = cfg.Scrubber
	return opts, cfg, nil
}

// readProfile reads --usage ("" : none).
func readProfile(path string) (*usageprofile.Profile, error) {
	if path == "" {
		return nil, nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--usage: %v", err)
	}
	defer file.Close()
	p, err := usageprofile.Read(file)
	if err != nil {
		return nil, fmt.Errorf("--usage %s: %v", path, err)
	}
	return p, nil
}

func validFormat(s string) bool {
	for _, f := range contract.Formats {
		if f == s {
			return true
		}
	}
	return false
}

func selectScenarios(run, tags string) ([]scenarios.Scenario, error) {
	var re *regexp.Regexp
	if run != "" {
		var err error
		if re, err = regexp.Compile(run); err != nil {
			return nil, fmt.Errorf("--run: %v", err)
		}
	}
	var tagList []string
	for _, t := range strings.Split(tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tagList = append(tagList, t)
		}
	}
	sel := scenarios.Select(re, tagList)
	if len(sel) == 0 {
		return nil, errors.New("no scenario matches --run and --tags (see `contract list`)")
	}
	return sel, nil
}

// projectJudge compiles the embedded spec and published facts once per
// process (it takes most of a second, and the judge holds no per-run state).
var projectJudge = sync.OnceValues(func() (*contract.Judge, error) { return contract.NewJudge(spec.YAML, spec.Published()) })

func loadJudge(specFile, publishedDir string) (*contract.Judge, error) {
	if specFile == "" && publishedDir == "" {
		return projectJudge()
	}
	ours := spec.YAML
	if specFile != "" {
		b, err := os.ReadFile(specFile)
		if err != nil {
			return nil, fmt.Errorf("--spec: %v", err)
		}
		ours = b
	}
	var pub fs.FS = spec.Published()
	if publishedDir != "" {
		if st, err := os.Stat(publishedDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--published %s: not a directory", publishedDir)
		}
		pub = os.DirFS(publishedDir)
	}
	j, err := contract.NewJudge(ours, pub)
	if err != nil {
		return nil, fmt.Errorf("--spec/--published: %v", err)
	}
	return j, nil
}
