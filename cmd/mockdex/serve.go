package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/server"
)

// serveConfig is what flags and MOCKDEX_* variables set.
type serveConfig struct {
	addr        string
	fixtures    string
	seed        int64
	clockSpec   string
	start       string
	historyDays int
	journalSize int
	logFormat   string
	// The control plane: off entirely, or guarded by a token and a list
	// of host names.
	noAdmin    bool
	adminHosts hostList
	adminToken string
}

func parseServe(args []string, stderr io.Writer) (serveConfig, server.Options, error) {
	var c serveConfig
	if err := checkEnvInts("MOCKDEX_SEED", "MOCKDEX_HISTORY_DAYS", "MOCKDEX_JOURNAL_SIZE", "MOCKDEX_MAX_NAMESPACES", "MOCKDEX_MAX_VISITS", "MOCKDEX_MAX_REPORTS"); err != nil {
		return c, server.Options{}, err
	}
	noAdmin, err := envBool("MOCKDEX_NO_ADMIN")
	if err != nil {
		return c, server.Options{}, err
	}
	fs := flag.NewFlagSet("mockdex serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", env("MOCKDEX_ADDR", defaultAddr), "listen address (MOCKDEX_ADDR)")
	fs.StringVar(&c.fixtures, "fixtures", env("MOCKDEX_FIXTURES", ""), "fixtures directory replacing the embedded world (MOCKDEX_FIXTURES)")
	fs.Int64Var(&c.seed, "seed", envInt("MOCKDEX_SEED", 1), "seed for generated providers and history (MOCKDEX_SEED)")
	fs.StringVar(&c.clockSpec, "clock", env("MOCKDEX_CLOCK", "real"), "real, manual or scaled:N (MOCKDEX_CLOCK)")
	fs.StringVar(&c.start, "start", env("MOCKDEX_START", ""), "RFC 3339 time the clock starts at; default now (MOCKDEX_START)")
	fs.IntVar(&c.historyDays, "history-days", int(envInt("MOCKDEX_HISTORY_DAYS", 14)), "days of generated past activity (MOCKDEX_HISTORY_DAYS)")
	fs.IntVar(&c.journalSize, "journal-size", int(envInt("MOCKDEX_JOURNAL_SIZE", 1000)), "requests kept for GET /_mockdex/requests; 0 turns the journal off (MOCKDEX_JOURNAL_SIZE)")
	fs.StringVar(&c.logFormat, "log-format", env("MOCKDEX_LOG_FORMAT", "text"), "text or json (MOCKDEX_LOG_FORMAT)")
	maxNS := fs.Int("max-namespaces", int(envInt("MOCKDEX_MAX_NAMESPACES", server.DefaultMaxNamespaces)), "live namespaces kept, the default one included; one more evicts the least recently used idle one; 0 means no cap (MOCKDEX_MAX_NAMESPACES)")
	maxVisits := fs.Int("max-visits", int(envInt("MOCKDEX_MAX_VISITS", 0)), "visits each namespace stores, generated history included; one more is answered 507; 0 means the built-in default, 50000 (MOCKDEX_MAX_VISITS)")
	maxReports := fs.Int("max-reports", int(envInt("MOCKDEX_MAX_REPORTS", 0)), "finished report jobs each namespace keeps (older ones answer 404) and unfinished ones it allows; 0 means the built-in default, 1000 (MOCKDEX_MAX_REPORTS)")
	fs.BoolVar(&c.noAdmin, "no-admin", noAdmin, "serve no control plane: /_mockdex/ answers 404 (MOCKDEX_NO_ADMIN=true)")
	c.adminHosts = splitHosts(os.Getenv("MOCKDEX_ADMIN_HOST"))
	fs.Var(&c.adminHosts, "admin-host", "a host name the control plane answers to besides IP addresses and localhost; repeat or comma-separate (MOCKDEX_ADMIN_HOST)")
	if err := fs.Parse(args); err != nil {
		return c, server.Options{}, err
	}
	if *maxNS < 0 || *maxVisits < 0 || *maxReports < 0 {
		return c, server.Options{}, errors.New("--max-namespaces, --max-visits and --max-reports must not be negative")
	}
	c.adminToken = os.Getenv("MOCKDEX_ADMIN_TOKEN")
	opts, err := c.options(stderr)
	opts.MaxNamespaces, opts.MaxVisits, opts.MaxReports = namespaceCap(*maxNS), *maxVisits, *maxReports
	return c, opts, err
}

// namespaceCap maps the flag (0 = no cap) onto Options.MaxNamespaces,
// whose zero value means the default cap and a negative one none.
func namespaceCap(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func (c serveConfig) options(stderr io.Writer) (server.Options, error) {
	var start time.Time
	if c.start != "" {
		t, err := time.Parse(time.RFC3339, c.start)
		if err != nil {
			return server.Options{}, fmt.Errorf("--start: %w", err)
		}
		start = t
	}
	clk, err := clock.Parse(c.clockSpec, start)
	if err != nil {
		return server.Options{}, err
	}
	opts := server.Options{
		Clock:       clk,
		Seed:        c.seed,
		HistoryDays: c.historyDays,
		JournalSize: journalSize(c.journalSize),
		ServiceKey:  os.Getenv("MOCKDEX_SERVICE_KEY"),
		APIKey:      os.Getenv("MOCKDEX_API_KEY"),
		JWTSecret:   os.Getenv("MOCKDEX_JWT_SECRET"),
		BaseURL:     os.Getenv("MOCKDEX_BASE_URL"),
		Logger:      newLogger(c.logFormat, stderr),
	}
	if c.fixtures != "" {
		if _, err := os.Stat(c.fixtures); err != nil {
			return opts, fmt.Errorf("--fixtures: %w", err)
		}
		opts.Fixtures = os.DirFS(c.fixtures)
	}
	return opts, nil
}

// journalSize maps the flag (0 = off) onto Options.JournalSize, whose zero
// value means the default size and a negative one means off.
func journalSize(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// serve runs until SIGINT or SIGTERM, then drains in-flight requests.
// ready, if not nil, receives the bound address (tests listen on :0).
func serve(args []string, stdout, stderr io.Writer, ready chan<- string) int {
	cfg, opts, err := parseServe(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitUsage
	}
	mock, err := server.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	warnOpenControlPlane(cfg, ln.Addr(), opts.Logger)
	forget, err := recordAddr(ln.Addr()) // for `mockdex healthcheck`
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	defer forget()
	srv := &http.Server{Handler: cfg.handler(mock), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "mockdex %s listening on http://%s (clock %s, seed %d)\n", versionString(), ln.Addr(), cfg.clockSpec, cfg.seed)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	case <-ctx.Done():
	}
	drain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(drain); err != nil {
		fmt.Fprintln(stderr, "mockdex: shutdown:", err)
		return exitFail
	}
	return exitOK
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
