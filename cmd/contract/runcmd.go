package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

type runFlags struct {
	target, ecvapi, api, reporting string
	run, tags, format, out, failOn string
	specFile                       string
	allowWrites, production        bool
	latency, timeout               time.Duration
	rps                            float64
}

func parseRunFlags(args []string, stderr io.Writer) (*runFlags, error) {
	f := &runFlags{}
	fs := flag.NewFlagSet("contract run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.target, "target", "", `"mock" (in-process, no network) or the base URL of every host`)
	fs.StringVar(&f.ecvapi, "ecvapi", "", "base URL of the ecvapi host (visits, provider booking)")
	fs.StringVar(&f.api, "api", "", "base URL of the api host (practices, wait times, guest visits, time slots)")
	fs.StringVar(&f.reporting, "reporting", "", "base URL of the reporting host (AVR, APR)")
	fs.StringVar(&f.run, "run", "", "run only scenarios whose name matches this regular expression")
	fs.StringVar(&f.tags, "tags", "", "run only scenarios with one of these comma-separated tags (read-only, writes)")
	fs.BoolVar(&f.allowWrites, "allow-writes", false, "run scenarios that create visits and bookings in the target")
	fs.BoolVar(&f.production, "i-understand-this-is-production", false, "allow writes to a host that looks like production")
	fs.StringVar(&f.format, "format", "text", "report format: text, json, junit or markdown")
	fs.StringVar(&f.out, "out", "", "run: write the report to this file (the summary line still goes to stdout); record: the directory")
	fs.StringVar(&f.failOn, "fail-on", "breaking", "lowest finding severity that fails the run: breaking, warning or info")
	fs.DurationVar(&f.latency, "latency-budget", 2*time.Second, "per-request latency above which a warning is reported")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "per-request timeout")
	fs.Float64Var(&f.rps, "rps", 5, "requests per second against the target")
	fs.StringVar(&f.specFile, "spec", "", "validate against this OpenAPI file instead of spec/dexcare.yaml")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.target == "" && (f.api == "" || f.ecvapi == "" || f.reporting == "") {
		return nil, errors.New("--target is required (mock or a URL), or all of --ecvapi, --api and --reporting")
	}
	return f, nil
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	f, opts, cfg, code := prepare("run", args, stderr)
	if code != exitOK {
		return code
	}
	rep, err := contract.Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintf(stderr, "contract run: %v\n", err)
		return exitUsage
	}
	return report(rep, f, opts, stdout, stderr)
}

// prepare reads run's flags (record shares them), configures the run and
// reaches the target; a code other than exitOK ends the command, its
// reason already on stderr.
func prepare(cmd string, args []string, stderr io.Writer) (*runFlags, contract.WriteOptions, contract.Config, int) {
	var opts contract.WriteOptions
	var cfg contract.Config
	fail := func(err error, code int) (*runFlags, contract.WriteOptions, contract.Config, int) {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "contract %s: %v\n", cmd, err)
		}
		return nil, opts, cfg, code
	}
	f, err := parseRunFlags(args, stderr)
	if err == nil && cmd == "record" && f.out == "" {
		err = errors.New("--out DIR is required")
	}
	if err != nil {
		return fail(err, exitUsage)
	}
	if opts, cfg, err = configure(f); err != nil {
		return fail(err, exitUsage)
	}
	tgt, err := buildTarget(context.Background(), f, cfg.Scenarios, cfg.Scrubber)
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
func configure(f *runFlags) (contract.WriteOptions, contract.Config, error) {
	var cfg contract.Config
	failOn, ok := contract.ParseSeverity(f.failOn)
	if !ok {
		return contract.WriteOptions{}, cfg, fmt.Errorf("--fail-on %q: want breaking, warning or info", f.failOn)
	}
	opts := contract.WriteOptions{Format: f.format, FailOn: failOn}
	if !validFormat(f.format) {
		return opts, cfg, fmt.Errorf("--format %q: want one of %s", f.format, strings.Join(contract.Formats, ", "))
	}
	sel, err := selectScenarios(f.run, f.tags)
	if err != nil {
		return opts, cfg, err
	}
	v, err := loadValidator(f.specFile)
	if err != nil {
		return opts, cfg, err
	}
	cfg = contract.Config{Scenarios: sel, AllowWrites: f.allowWrites, ProductionOK: f.production,
		LatencyBudget: f.latency, Validator: v, Scrubber: contract.NewScrubber()}
	opts.Scrubber = cfg.Scrubber
	return opts, cfg, nil
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

// projectValidator compiles the embedded spec once per process (it takes
// most of a second, and the validator holds no per-run state).
var projectValidator = sync.OnceValues(func() (*contract.Validator, error) { return contract.NewValidator(spec.YAML) })

func loadValidator(file string) (*contract.Validator, error) {
	if file == "" {
		return projectValidator()
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--spec: %v", err)
	}
	v, err := contract.NewValidator(b)
	if err != nil {
		return nil, fmt.Errorf("--spec: %v", err)
	}
	return v, nil
}

// report writes the report and turns it into the exit code.
func report(rep *contract.Report, f *runFlags, opts contract.WriteOptions, stdout, stderr io.Writer) int {
	w := stdout
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			fmt.Fprintf(stderr, "contract run: --out: %v\n", err)
			return exitUsage
		}
		defer file.Close()
		w = file
		fmt.Fprintln(stdout, opts.Scrubber.Scrub(rep.SummaryLine(opts.FailOn)))
	} else {
		opts.Color = isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	}
	if err := contract.Write(w, rep, opts); err != nil {
		fmt.Fprintf(stderr, "contract run: %v\n", err)
		return exitUsage
	}
	switch {
	case rep.Unreachable || rep.CredentialsRefused:
		return exitUnreachable
	case rep.FailsAt(opts.FailOn):
		return exitDrift
	}
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
