package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/loadgen"
)

const synopsis = `usage: loadgen --url http://127.0.0.1:PORT [--duration 10s] [--requests 20000]
               [--concurrency 8] [--mix read|write|mixed] [--format text|json]

Measures a running mockdex on loopback (other addresses are refused) until
the first of --duration and --requests. Exit codes: 0 no errors, 1 some
requests failed, 2 usage or a refused target, 3 the mock did not answer.`

// env are the mock's credentials, when it was started with its own.
var env = []cli.Var{
	{Name: "MOCKDEX_SERVICE_KEY", Help: "the mock's reporting key (default SECRET_TOKEN)"},
	{Name: "MOCKDEX_API_KEY", Help: "the mock's x-api-key (default mockdex-api-key)"},
	{Name: "MOCKDEX_JWT_SECRET", Help: "the secret the mock checks patient tokens with"},
}

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	exitDown  = 3 // the mock did not answer, as the contract runner's code
)

func run(args []string, stdout, stderr io.Writer) int {
	cfg, format, err := parseFlags(args[1:], stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := loadgen.Run(ctx, cfg)
	if errors.Is(err, loadgen.ErrUnreachable) {
		fmt.Fprintln(stderr, "loadgen:", err)
		return exitDown
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return exitUsage
	}
	if err := write(report, format, stdout); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return exitFail
	}
	if report.Outcomes.Errors > 0 {
		return exitFail
	}
	return exitOK
}

func parseFlags(args []string, stdout, stderr io.Writer) (loadgen.Config, string, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: synopsis, Env: env})
	var cfg loadgen.Config
	fs.StringVar(&cfg.BaseURL, "url", "", "base URL of a mockdex on loopback (required)")
	fs.DurationVar(&cfg.Duration, "duration", loadgen.DefaultDuration, "stop after this long")
	fs.IntVar(&cfg.Requests, "requests", loadgen.DefaultRequests, "stop after this many requests")
	fs.IntVar(&cfg.Concurrency, "concurrency", loadgen.DefaultConcurrency, "requests in flight at once")
	mix := fs.String("mix", string(loadgen.MixRead), "read, write or mixed")
	format := fs.String("format", "text", "text or json")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return cfg, "", err
	}
	if fs.NArg() > 0 {
		return cfg, "", fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.BaseURL == "" { // load is never fired at a default address
		fs.Usage()
		return cfg, "", errors.New("--url is required: the base URL of the mock to measure")
	}
	if *format != "text" && *format != "json" {
		return cfg, "", fmt.Errorf("--format %q: want text or json", *format)
	}
	if cfg.Requests <= 0 || cfg.Duration <= 0 || cfg.Concurrency <= 0 {
		return cfg, "", errors.New("--requests, --duration and --concurrency must be positive")
	}
	// Refuse a non-loopback target before anything else is prepared.
	if err := loadgen.CheckLoopback(cfg.BaseURL); err != nil {
		return cfg, "", err
	}
	cfg.Mix = loadgen.Mix(*mix)
	cfg.Credentials = loadgen.Credentials{
		ServiceKey: os.Getenv("MOCKDEX_SERVICE_KEY"),
		APIKey:     os.Getenv("MOCKDEX_API_KEY"),
		JWTSecret:  os.Getenv("MOCKDEX_JWT_SECRET"),
	}
	return cfg, *format, nil
}

func write(r *loadgen.Report, format string, w io.Writer) error {
	if format == "json" {
		return r.WriteJSON(w)
	}
	return r.WriteText(w)
}
