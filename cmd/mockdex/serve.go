package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/timeline"
)

// defaultDrain is how long SIGTERM waits for requests in flight.
const defaultDrain = 5 * time.Second

// serveConfig is what flags and MOCKDEX_* variables set.
type serveConfig struct {
	addr         string
	fixtures     string
	timeline     string
	seed         int64
	clockSpec    string
	start        string
	historyDays  int
	journalSize  int
	journalBytes string
	logFormat    string
	logLevel     string
	maxConns     int
	drain        time.Duration
	metricsAddr  string
	// The control plane: off entirely, or guarded by a token and a list
	// of host names.
	noAdmin    bool
	adminHosts hostList
	adminToken string
	// Per-namespace caps, as the flags give them (0: default or none).
	maxNS, maxVisits, maxReports int
	// Persistence: where namespaces are kept, and whether to discard
	// what is there first.
	dataDir    string
	resetData  bool
	durability string
	// The process's memory bound ("" is the container's limit, if any),
	// and how long an idle namespace lives.
	maxMemory string
	idleTTL   time.Duration
	// CORS, HTTPS and the app's own sign-in (appstack.go).
	app appStack
}

// parseServe reads flags and MOCKDEX_* variables; help goes to stdout,
// usage errors to stderr, the request log to logOut.
func parseServe(args []string, stdout, stderr, logOut io.Writer) (serveConfig, mock.Options, error) {
	var c serveConfig
	d, err := readServeEnv()
	if err != nil {
		return c, mock.Options{}, err
	}
	fs := serveFlags(&c, d)
	cli.Install(fs, cli.Help{Synopsis: serveSynopsis, Env: serveEnv(fs)})
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return c, mock.Options{}, err
	}
	if fs.NArg() > 0 {
		return c, mock.Options{}, fmt.Errorf("unexpected argument %q (flags go before it; see mockdex --help)", fs.Arg(0))
	}
	if err := checkAddr(c.addr); err != nil {
		return c, mock.Options{}, fmt.Errorf("%s %w", addrSource(fs, "addr", "MOCKDEX_ADDR"), err)
	}
	if c.metricsAddr != "" {
		if err := checkAddr(c.metricsAddr); err != nil {
			return c, mock.Options{}, fmt.Errorf("%s %w", addrSource(fs, "metrics-addr", "MOCKDEX_METRICS_ADDR"), err)
		}
	}
	if c.maxNS < 0 || c.maxVisits < 0 || c.maxReports < 0 {
		return c, mock.Options{}, errors.New("--max-namespaces, --max-visits and --max-reports must not be negative")
	}
	if c.resetData && c.dataDir == "" {
		return c, mock.Options{}, errors.New("--reset-data needs --data-dir (or MOCKDEX_DATA_DIR)")
	}
	c.adminToken = os.Getenv("MOCKDEX_ADMIN_TOKEN")
	opts, err := c.options(logOut)
	opts.MaxNamespaces, opts.MaxVisits, opts.MaxReports = namespaceCap(c.maxNS), c.maxVisits, c.maxReports
	opts.NoAdmin, opts.AdminToken, opts.AdminHosts = c.noAdmin, c.adminToken, c.adminHosts
	opts.DataDir, opts.ResetData, opts.Durability = c.dataDir, c.resetData, c.durability
	opts.NamespaceIdleTTL = c.idleTTL
	if err == nil {
		opts.MaxMemory, err = c.memoryBound() // serve sets the runtime's limit once started (startGC)
	}
	if err == nil && c.durability == "always" && c.dataDir == "" {
		err = errors.New("--durability always needs --data-dir (or MOCKDEX_DATA_DIR): the changes go there")
	}
	if err == nil && c.durability != "interval" && c.durability != "always" {
		err = fmt.Errorf("--durability %q: want interval or always", c.durability)
	}
	if err == nil {
		err = c.app.apply(fs, &opts)
	}
	return c, opts, err
}

// memoryBound is --max-memory in bytes: a size, "none", or (empty) the
// default, CgroupFraction of the container's memory limit when it has
// one.
func (c serveConfig) memoryBound() (int64, error) {
	switch c.maxMemory {
	case "":
		n, _ := membound.FromCgroup()
		return n, nil
	case "none", "0":
		return 0, nil
	}
	n, err := parseBytes(c.maxMemory)
	if err != nil {
		return 0, fmt.Errorf("--max-memory: %w (or none)", err)
	}
	if n < 64<<20 {
		return 0, fmt.Errorf("--max-memory %s: want at least 64MiB (a mock's fixtures and history alone take tens of MiB)", c.maxMemory)
	}
	return n, nil
}

const serveSynopsis = "usage: mockdex [serve] [flags]\n\nServes the mock until SIGINT or SIGTERM."

// serveEnvDefaults are the defaults MOCKDEX_* variables give flags whose
// values need parsing before the flags are declared.
type serveEnvDefaults struct {
	noAdmin, resetData bool
	drain, idleTTL     time.Duration
}

// readServeEnv refuses a MOCKDEX_* variable that is set but does not
// parse, rather than quietly using the default in its place.
func readServeEnv() (serveEnvDefaults, error) {
	d := serveEnvDefaults{drain: defaultDrain}
	if err := checkEnvInts("MOCKDEX_SEED", "MOCKDEX_HISTORY_DAYS", "MOCKDEX_JOURNAL_SIZE", "MOCKDEX_MAX_NAMESPACES", "MOCKDEX_MAX_VISITS", "MOCKDEX_MAX_REPORTS", "MOCKDEX_MAX_CONNS"); err != nil {
		return d, err
	}
	var err error
	if d.noAdmin, err = envBool("MOCKDEX_NO_ADMIN"); err != nil {
		return d, err
	}
	if d.resetData, err = envBool("MOCKDEX_RESET_DATA"); err != nil {
		return d, err
	}
	if d.drain, err = envDuration("MOCKDEX_DRAIN_TIMEOUT", defaultDrain); err != nil {
		return d, err
	}
	d.idleTTL, err = envDuration("MOCKDEX_NAMESPACE_IDLE_TTL", 0)
	return d, err
}

// serveFlags declares serve's flags into c; each help ends with the
// variable that sets it, which serveEnv lists.
func serveFlags(c *serveConfig, d serveEnvDefaults) *flag.FlagSet {
	fs := flag.NewFlagSet("mockdex serve", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", env("MOCKDEX_ADDR", defaultAddr), "listen address (MOCKDEX_ADDR)")
	fs.StringVar(&c.fixtures, "fixtures", env("MOCKDEX_FIXTURES", ""), "fixtures directory replacing the embedded world (MOCKDEX_FIXTURES)")
	fs.StringVar(&c.timeline, "timeline", env("MOCKDEX_TIMELINE", ""), "JSON file of DexCare events on the mock clock every namespace starts with (docs/timeline.md); empty: none (MOCKDEX_TIMELINE)")
	fs.Int64Var(&c.seed, "seed", envInt("MOCKDEX_SEED", 1), "seed for generated providers and history (MOCKDEX_SEED)")
	fs.StringVar(&c.clockSpec, "clock", env("MOCKDEX_CLOCK", "real"), "real, manual or scaled:N (MOCKDEX_CLOCK)")
	fs.StringVar(&c.start, "start", env("MOCKDEX_START", ""), "RFC 3339 time the clock starts at; default now (MOCKDEX_START)")
	fs.IntVar(&c.historyDays, "history-days", int(envInt("MOCKDEX_HISTORY_DAYS", 14)), "days of generated past activity (MOCKDEX_HISTORY_DAYS)")
	fs.IntVar(&c.journalSize, "journal-size", int(envInt("MOCKDEX_JOURNAL_SIZE", 1000)), "requests kept for GET /_mockdex/requests; 0 turns the journal off (MOCKDEX_JOURNAL_SIZE)")
	fs.StringVar(&c.journalBytes, "journal-bytes", env("MOCKDEX_JOURNAL_BYTES", "4MiB"), "memory the journal may use, in bytes or with KiB, MiB or GiB; oldest entries go first; 0 turns the journal off (MOCKDEX_JOURNAL_BYTES)")
	fs.StringVar(&c.logFormat, "log-format", env("MOCKDEX_LOG_FORMAT", "text"), "text or json (MOCKDEX_LOG_FORMAT)")
	fs.StringVar(&c.logLevel, "log-level", env("MOCKDEX_LOG_LEVEL", "info"), "debug, info, warn or error; health and readiness probes are logged at debug (MOCKDEX_LOG_LEVEL)")
	fs.IntVar(&c.maxConns, "max-conns", int(envInt("MOCKDEX_MAX_CONNS", 0)), "connections served at once; past it only health probes are answered, 0 picks it from the open-file limit (MOCKDEX_MAX_CONNS)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", env("MOCKDEX_METRICS_ADDR", ""), "also serve GET /metrics on this address, without the control plane's guard (docs/metrics.md); empty: /metrics only on --addr, behind the admin token and host checks (MOCKDEX_METRICS_ADDR)")
	fs.DurationVar(&c.drain, "drain-timeout", d.drain, "on SIGTERM, how long requests in flight may finish before the rest are closed (MOCKDEX_DRAIN_TIMEOUT)")
	fs.IntVar(&c.maxNS, "max-namespaces", int(envInt("MOCKDEX_MAX_NAMESPACES", namespaces.DefaultMax)), "live namespaces kept, the default one included; one more evicts the least recently used idle one holding no state (with --data-dir, any idle one, saved first) or else is answered 507; 0 means no cap (MOCKDEX_MAX_NAMESPACES)")
	fs.IntVar(&c.maxVisits, "max-visits", int(envInt("MOCKDEX_MAX_VISITS", 0)), "visits each namespace stores, generated history included; one more is answered 507; 0 means the built-in default, 50000 (MOCKDEX_MAX_VISITS)")
	fs.IntVar(&c.maxReports, "max-reports", int(envInt("MOCKDEX_MAX_REPORTS", 0)), "finished report jobs each namespace keeps (older ones answer 404) and unfinished ones it allows; 0 means the built-in default, 1000 (MOCKDEX_MAX_REPORTS)")
	fs.StringVar(&c.dataDir, "data-dir", env("MOCKDEX_DATA_DIR", ""), "directory every namespace is kept in (changes logged within 0.2 s, see --durability; whole at shutdown) and loaded from at start; empty keeps state in memory only (MOCKDEX_DATA_DIR)")
	fs.BoolVar(&c.resetData, "reset-data", d.resetData, "discard the namespaces saved in --data-dir and start clean (MOCKDEX_RESET_DATA=true)")
	fs.StringVar(&c.durability, "durability", env("MOCKDEX_DURABILITY", "interval"), "with --data-dir, when a change is on disk: interval (within 0.2 s; a write answered more than 1 s before a crash survives it) or always (before its answer goes out) (MOCKDEX_DURABILITY)")
	fs.StringVar(&c.maxMemory, "max-memory", env("MOCKDEX_MAX_MEMORY", ""), "memory the process may use, such as 512MiB or 2GiB; past it new namespaces, visits, report jobs and state imports are answered 507; default three quarters of the container's memory limit when it has one, none otherwise; none turns it off (MOCKDEX_MAX_MEMORY)")
	fs.DurationVar(&c.idleTTL, "namespace-idle-ttl", d.idleTTL, "drop a namespace after this long without a request; a request naming it is answered 410 until it is deleted; 0 keeps namespaces until evicted or deleted (MOCKDEX_NAMESPACE_IDLE_TTL)")
	fs.BoolVar(&c.noAdmin, "no-admin", d.noAdmin, "serve no control plane: /_mockdex/ answers 404 (MOCKDEX_NO_ADMIN=true)")
	c.adminHosts = splitHosts(os.Getenv("MOCKDEX_ADMIN_HOST"))
	fs.Var(&c.adminHosts, "admin-host", "a host name the control plane answers to besides IP addresses and localhost; repeat or comma-separate (MOCKDEX_ADMIN_HOST)")
	c.app.declare(fs)
	return fs
}

// namespaceCap maps the flag (0 = no cap) onto Options.MaxNamespaces,
// whose zero value means the default cap and a negative one none.
func namespaceCap(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func (c serveConfig) options(logOut io.Writer) (mock.Options, error) {
	var start time.Time
	if c.start != "" {
		t, err := time.Parse(time.RFC3339, c.start)
		if err != nil {
			return mock.Options{}, fmt.Errorf("--start: %w", err)
		}
		start = t
	}
	clk, err := clock.Parse(c.clockSpec, start)
	if err != nil {
		return mock.Options{}, err
	}
	jbytes, err := parseBytes(c.journalBytes)
	if err != nil {
		return mock.Options{}, fmt.Errorf("--journal-bytes: %w", err)
	}
	if err := cli.OneOf("log-format", c.logFormat, "text", "json"); err != nil {
		return mock.Options{}, err
	}
	level, err := parseLogLevel(c.logLevel)
	if err != nil {
		return mock.Options{}, err
	}
	opts := mock.Options{
		Clock:        clk,
		Seed:         c.seed,
		HistoryDays:  c.historyDays,
		JournalSize:  journalSize(c.journalSize),
		JournalBytes: journalBytes(jbytes),
		ServiceKey:   os.Getenv("MOCKDEX_SERVICE_KEY"),
		APIKey:       os.Getenv("MOCKDEX_API_KEY"),
		JWTSecret:    os.Getenv("MOCKDEX_JWT_SECRET"),
		BaseURL:      os.Getenv("MOCKDEX_BASE_URL"),
		Logger:       newLogger(c.logFormat, level, logOut),
	}
	if c.fixtures != "" {
		if _, err := os.Stat(c.fixtures); err != nil {
			return opts, fmt.Errorf("--fixtures: %w", err)
		}
		opts.Fixtures = os.DirFS(c.fixtures)
	}
	if c.timeline != "" {
		if opts.Timeline, err = readTimeline(c.timeline); err != nil {
			return opts, fmt.Errorf("--timeline %s: %w", c.timeline, err)
		}
	}
	return opts, nil
}

// readTimeline reads the --timeline file, refusing one larger than a
// timeline may be.
func readTimeline(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, timeline.MaxBytes+1))
	if err == nil && len(data) > timeline.MaxBytes {
		err = fmt.Errorf("the file is over %d bytes", timeline.MaxBytes)
	}
	return data, err
}

// journalSize maps the flag (0 = off) onto Options.JournalSize, whose zero
// value means the default size and a negative one means off.
func journalSize(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// checkEnvInts refuses a numeric MOCKDEX_* variable that is set but not a
// whole number, rather than quietly using the default in its place.
func checkEnvInts(names ...string) error {
	for _, name := range names {
		if v := os.Getenv(name); v != "" {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return fmt.Errorf("%s=%q: want a whole number", name, v)
			}
		}
	}
	return nil
}

// envInt is the variable's value, or def when it is unset (checkEnvInts
// has already refused one that does not parse).
func envInt(name string, def int64) int64 {
	if v := os.Getenv(name); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return def
}

// envDuration is the variable as a Go duration, or def when it is unset.
func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q: want a duration such as 5s", name, v)
	}
	return d, nil
}

// byteUnits are the suffixes parseBytes takes.
var byteUnits = []struct {
	suffix string
	n      int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// parseBytes reads a size: a whole number of bytes, or one with a KiB,
// MiB or GiB suffix ("4MiB").
func parseBytes(s string) (int64, error) {
	mult := int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q: want a size such as 4MiB or 1048576", s)
	}
	return n * mult, nil
}

// journalBytes maps the flag (0 = off) onto Options.JournalBytes, whose
// zero value means the default and a negative one means off.
func journalBytes(n int64) int64 {
	if n <= 0 {
		return -1
	}
	return n
}
