package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/mirror"
	"github.com/mockdex/mockdex/internal/scenarios"
)

type mirrorFlags struct {
	hosts                      runFlags // target, ecvapi, api, reporting only
	out, configFile, reportOut string
	fromRecording              string
	practices, npis, deptIDs   listFlag
	urlNames                   listFlag
	brands                     brandFlags
	days                       int
	anonymise, diff, dryRun    bool
	production                 bool
	rps                        float64
	maxBytes                   int64
	timeout, reqTimeout        time.Duration
}

func parseMirrorFlags(args []string, stdout, stderr io.Writer) (*mirrorFlags, error) {
	f := &mirrorFlags{}
	fs := flag.NewFlagSet("contract mirror", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: mirrorSynopsis, Env: mirrorEnv})
	fs.StringVar(&f.hosts.target, "target", "", `"mock" (mockdex's default world, in-process) or the base URL of every host`)
	fs.StringVar(&f.hosts.ecvapi, "ecvapi", "", "base `URL` of the ecvapi host (accepted as contract run takes it; the mirror reads nothing there)")
	fs.StringVar(&f.hosts.api, "api", "", "base `URL` of the api host (practices, wait times, time slots, Care Options)")
	fs.StringVar(&f.hosts.reporting, "reporting", "", "base `URL` of the reporting host (the All Providers Report, for provider names)")
	fs.StringVar(&f.out, "out", "", "the fixtures `DIR` to write (made if missing; files of its own are kept)")
	fs.StringVar(&f.configFile, "config", "", "a JSON `FILE` naming practices, NPIs, departments and brands (docs/mirror.md)")
	fs.Var(&f.practices, "practice", "a virtual practice `ID` to mirror; repeatable or comma-separated")
	fs.Var(&f.npis, "npi", "a provider's `NPI` to mirror; repeatable or comma-separated")
	fs.Var(&f.deptIDs, "department", "an in-person department's EHR `ID` to mirror (with every provider Care Options lists there); repeatable or comma-separated")
	fs.Var(&f.urlNames, "department-url-name", "a department's url `NAME`, matched through the listings of the providers mirrored; repeatable or comma-separated")
	fs.Var(&f.brands, "brand", "a brand as `NAME[=DISPLAY NAME]`; repeatable (with one brand, every practice and department gets it)")
	fs.IntVar(&f.days, "days", mirror.DefaultDays, fmt.Sprintf("days of free slots read per provider to infer clinic schedules (1 to %d)", mirror.MaxDays))
	fs.BoolVar(&f.anonymise, "anonymise", false, "write generated provider names and emails instead of the tier's (the same for an NPI on every run)")
	fs.BoolVar(&f.anonymise, "anonymize", false, "the same as --anonymise")
	fs.BoolVar(&f.diff, "diff", false, "print what changed against the fixtures already in --out, to stdout")
	fs.BoolVar(&f.dryRun, "dry-run", false, "write nothing (with --diff: only show what would change)")
	fs.StringVar(&f.reportOut, "report", "", "also write the mirror report (Markdown) to this `FILE`; it always goes to stderr")
	fs.Float64Var(&f.rps, "rps", 5, "requests per second against the tier")
	fs.DurationVar(&f.timeout, "timeout", defaultRunTimeout, "deadline for the whole mirror")
	fs.DurationVar(&f.reqTimeout, "request-timeout", defaultRequestTimeout, "deadline for one request, its answer's body included")
	fs.Int64Var(&f.maxBytes, "max-response-bytes", contract.DefaultMaxResponseBytes, "largest answer body read, in bytes (or JSON of more than a million values); a larger one ends the mirror (exit 1)")
	fs.StringVar(&f.fromRecording, "from-recording", "", "build the fixtures from what an app saw: the tier's answers contract proxy --record kept in `DIR`, instead of asking a tier (with no practice, NPI or department named, the ones the recording holds); redacted values are taken as unseen")
	fs.BoolVar(&f.production, "i-understand-this-is-production", false, "allow mirroring a host that looks like production (it copies live provider data into files)")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.out == "":
		return nil, errors.New("--out DIR is required")
	case f.fromRecording != "" && (f.hosts.target != "" || f.hosts.api != "" || f.hosts.reporting != ""):
		return nil, errors.New("--from-recording reads no tier: give it without --target, --api or --reporting")
	case f.fromRecording == "" && f.hosts.target == "" && f.hosts.api == "":
		return nil, errors.New("--target is required (mock or a URL), or --api (and --reporting for provider names), or --from-recording DIR")
	case f.timeout <= 0 || f.reqTimeout <= 0 || f.maxBytes <= 0:
		return nil, errors.New("--timeout, --request-timeout and --max-response-bytes must be positive")
	case f.days < 1 || f.days > mirror.MaxDays:
		return nil, fmt.Errorf("--days %d: want 1 to %d", f.days, mirror.MaxDays)
	}
	return f, nil
}

// recording reads --from-recording: the seen answers, and what to
// mirror (the flags' and config file's, or else what the recording holds).
func (f *mirrorFlags) recording() (*mirror.SeenTier, mirror.Config, error) {
	seen, err := mirror.LoadSeen(f.fromRecording)
	if err != nil {
		return nil, mirror.Config{}, fmt.Errorf("--from-recording: %v", err)
	}
	if len(seen) == 0 {
		return nil, mirror.Config{}, fmt.Errorf("--from-recording %s: no recorded answer (contract proxy --record DIR writes them)", f.fromRecording)
	}
	cfg, err := f.config()
	if err != nil && f.configFile == "" && len(f.practices)+len(f.npis)+len(f.deptIDs)+len(f.urlNames) == 0 {
		cfg = mirror.SeenConfig(seen).Merge(mirror.Config{Brands: f.brands})
		err = cfg.Check()
	}
	if err != nil {
		return nil, cfg, err
	}
	return mirror.NewSeenTier(seen), cfg, nil
}

// config is the config file's, with the flags' entries added.
func (f *mirrorFlags) config() (mirror.Config, error) {
	var c mirror.Config
	if f.configFile != "" {
		var err error
		if c, err = mirror.LoadConfig(f.configFile); err != nil {
			return c, fmt.Errorf("--config: %v", err)
		}
	}
	var flags mirror.Config
	for _, p := range f.practices {
		flags.Practices = append(flags.Practices, mirror.PracticeRef{ID: p})
	}
	for _, id := range f.deptIDs {
		flags.Departments = append(flags.Departments, mirror.DepartmentRef{ID: id})
	}
	for _, n := range f.urlNames {
		flags.Departments = append(flags.Departments, mirror.DepartmentRef{URLName: n})
	}
	flags.NPIs, flags.Brands = f.npis, f.brands
	c = c.Merge(flags)
	return c, c.Check()
}

// mirrorCommand records a tier's configuration into a fixtures directory:
// contract mirror --api URL [--reporting URL] --out DIR [what to mirror].
func (d deps) mirrorCommand(args []string, stdout, stderr io.Writer) int {
	fail := func(err error, code int) int {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "contract mirror: %v\n", err)
		}
		return code
	}
	f, err := parseMirrorFlags(args, stdout, stderr)
	if err != nil {
		return fail(err, usageCode(err))
	}
	var seen *mirror.SeenTier
	var opts mirror.Options
	var cfg mirror.Config
	if f.fromRecording != "" {
		var err error
		if seen, cfg, err = f.recording(); err != nil {
			return fail(err, exitUsage)
		}
		opts = mirror.Options{Hosts: mirror.Hosts{API: mirror.RecordedBase, Reporting: mirror.RecordedBase}, Client: seen,
			Credentials: mirror.Credentials{APIKey: "recorded", ServiceKey: "recorded"}}
	} else {
		var err error
		if cfg, err = f.config(); err != nil {
			return fail(err, exitUsage)
		}
		var code int
		if opts, code, err = d.tier(context.Background(), f); err != nil {
			return fail(err, code)
		}
		opts.Identities = contractIdentities(cfg)
	}
	opts.Config, opts.Days, opts.Anonymise, opts.Progress = cfg, f.days, f.anonymise, stderr
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	m, err := mirror.Record(ctx, opts)
	if err != nil {
		return fail(err, recordFailure(err))
	}
	if seen != nil {
		m.Report.Unseen = append(m.Report.Unseen, seen.Missed()...)
	}
	if err := f.write(m, stdout, stderr); err != nil {
		return fail(err, exitUsage)
	}
	return exitOK
}

// contractIdentities are the NPI and postal code `contract run` will ask
// the tier about, so the mirror reads them too: DEXCARE_NPI and
// DEXCARE_POSTAL_CODE as the environment sets them, else the run's
// defaults where the configuration names no provider (no department).
func contractIdentities(cfg mirror.Config) mirror.Identities {
	defaults := scenarios.Defaults()
	ids := mirror.Identities{NPI: os.Getenv(scenarios.VarEnv["npi"]), PostalCode: os.Getenv(scenarios.VarEnv["postalCode"])}
	if ids.NPI == "" && len(cfg.NPIs) == 0 {
		ids.NPI = defaults["npi"]
	}
	if ids.PostalCode == "" && len(cfg.Departments) == 0 {
		ids.PostalCode = defaults["postalCode"]
	}
	return ids
}

// recordFailure is the exit code of a failed recording: an answer the
// mirror cannot use (a status or body outside the spec, a redirect, a
// body cut short or over --max-response-bytes) is 1; refused
// credentials, or no answer in time, 3, as for `contract run`.
func recordFailure(err error) int {
	if errors.Is(err, mirror.ErrAnswer) {
		return exitDrift
	}
	return exitUnreachable
}

// tier reaches the hosts and settles the credentials: the environment's
// (DEXCARE_API_KEY, DEXCARE_SERVICE_KEY), or a mockdex's own defaults.
// A host that looks like production is refused without
// --i-understand-this-is-production, as run refuses it writes: a mirror
// copies live provider data into files.
func (d deps) tier(ctx context.Context, f *mirrorFlags) (mirror.Options, int, error) {
	if f.hosts.target == "mock" {
		m, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
		if err != nil {
			return mirror.Options{}, exitUsage, err
		}
		return mirror.Options{Hosts: mirror.Hosts{API: inproc.BaseURL, Reporting: inproc.BaseURL},
			Client:      &contract.Client{Next: &http.Client{Transport: inproc.Transport{Handler: m.Server}}, MaxBytes: f.maxBytes},
			Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey}}, exitOK, nil
	}
	bases, err := mirrorBases(f.hosts)
	if err != nil {
		return mirror.Options{}, exitUsage, err
	}
	opts := clientOptions{rps: f.rps, timeout: f.reqTimeout, maxBytes: f.maxBytes}
	if err := reachable(ctx, d.probeClient(opts), bases); err != nil {
		return mirror.Options{}, exitUnreachable, err
	}
	creds := mirror.Credentials{APIKey: os.Getenv(scenarios.EnvAPIKey), ServiceKey: os.Getenv(scenarios.EnvServiceKey)}
	isMock := false
	if f.hosts.singleTarget() {
		// The mirror moves no clock: the probe only tells a mockdex
		// (whose keys default to its own) from a tier. No admin token.
		cp := &controlPlane{next: d.probeClient(opts)}
		var derr error
		_, isMock, derr = detectMockdex(ctx, cp, strings.TrimRight(f.hosts.target, "/"), "")
		isMock = isMock || errors.Is(derr, errAdminToken)
	}
	if isMock {
		creds.APIKey, creds.ServiceKey = envOr(scenarios.EnvAPIKey, envOr("MOCKDEX_API_KEY", auth.DefaultAPIKey)),
			envOr(scenarios.EnvServiceKey, envOr("MOCKDEX_SERVICE_KEY", auth.DefaultServiceKey))
	} else if anyProduction(bases) && !f.production {
		return mirror.Options{}, exitUsage, errors.New("the tier looks like production (no uat, dev, test, stage or qa in its host name, not a loopback or private address): mirroring it copies live provider data into files; run with --i-understand-this-is-production if you mean it")
	}
	if creds.APIKey == "" {
		return mirror.Options{}, exitUsage, fmt.Errorf("the mirror needs %s in the environment (time slots and Care Options)", scenarios.EnvAPIKey)
	}
	return mirror.Options{Hosts: mirror.Hosts{API: bases[scenarios.API], Reporting: bases[scenarios.Reporting]}, Client: d.tierClient(opts), Credentials: creds}, exitOK, nil
}

// mirrorBases are the api host and the reporting host, each its own flag
// or --target's; --api without --reporting (and no --target) reads no
// reporting host.
func mirrorBases(h runFlags) (map[scenarios.Host]string, error) {
	bases := map[scenarios.Host]string{}
	for host, u := range map[scenarios.Host]string{scenarios.API: cmp.Or(h.api, h.target), scenarios.Reporting: cmp.Or(h.reporting, h.target)} {
		if u == "" {
			continue
		}
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("base URL for %s: %q is not an http(s) URL", host, u)
		}
		bases[host] = strings.TrimRight(u, "/")
	}
	return bases, nil
}

// write shows the change, writes the files and the report.
func (f *mirrorFlags) write(m *mirror.Mirror, stdout, stderr io.Writer) error {
	var existing fs.FS
	if st, err := os.Stat(f.out); err == nil && st.IsDir() {
		existing = os.DirFS(f.out)
	}
	files, err := m.Files(existing)
	if err != nil {
		return err
	}
	if f.diff {
		changes, err := mirror.Diff(existing, files)
		if err != nil {
			return err
		}
		if err := mirror.WriteDiff(stdout, changes); err != nil {
			return err
		}
	}
	if !f.dryRun {
		if err := mirror.WriteDir(f.out, files); err != nil {
			return err
		}
	}
	if err := m.Report.Write(stderr, f.out); err != nil {
		return err
	}
	if f.reportOut == "" {
		return nil
	}
	out, err := os.Create(f.reportOut)
	if err != nil {
		return err
	}
	if err := m.Report.Write(out, f.out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// listFlag is a repeatable, comma-separated list of values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// brandFlags are repeated --brand NAME[=DISPLAY NAME].
type brandFlags []mirror.Brand

func (b *brandFlags) String() string {
	parts := make([]string, len(*b))
	for i, x := range *b {
		parts[i] = x.Name + "=" + x.DisplayName
	}
	return strings.Join(parts, ",")
}

func (b *brandFlags) Set(v string) error {
	name, display, _ := strings.Cut(v, "=")
	if name = strings.TrimSpace(name); name == "" {
		return errors.New("a brand needs a name")
	}
	*b = append(*b, mirror.Brand{Name: name, DisplayName: cmp.Or(strings.TrimSpace(display), name)})
	return nil
}
