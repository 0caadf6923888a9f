//go:build unix

// Command sidebyside measures mockdex against a bare net/http server (and
// Prism, where npm can install it) in one run on one machine, with wrk,
// and prints the ratios against the goals (issue 24's). Absolute figures move
// with the machine's load; ratios from one run are what it reports.
//
//	tools/sidebyside.sh [-duration 5s] [-rounds 3] [-prism auto|off|PATH] [-spin 5us,10us]
//
// In ready mode it only times starts of built binaries, alternating
// between them (tools/ready-time.sh):
//
//	go run ./tools/sidebyside ready [-starts 20] MOCKDEX_BINARY...
//
// It builds mockdex into a temporary directory, picks free loopback
// ports, and stops everything it started when it ends (or is
// interrupted). It needs wrk on PATH. It exits 0 when every mark in the
// summary is met, 3 when one is missed (the summary says which) and 1
// when it could not measure.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	duration time.Duration
	rounds   int
	threads  int
	conns    int
	prism    string
	apr      bool
	ready    int
	repo     string
	keep     bool
	postArgs string
	spins    []time.Duration
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "bare" {
		os.Exit(runBare(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "ready" {
		os.Exit(runReady(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("sidebyside", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "length of each wrk run")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds; each runs every server once, and the median is reported")
	fs.IntVar(&c.threads, "threads", 2, "wrk threads (-t)")
	fs.IntVar(&c.conns, "conns", 32, "wrk connections (-c)")
	fs.StringVar(&c.prism, "prism", "auto", "auto (install @stoplight/prism-cli with npm into the temporary directory), off, or the path of a prism executable")
	fs.BoolVar(&c.apr, "apr", true, "run the All Providers Report benchmark over 1,000,000 records")
	fs.IntVar(&c.ready, "ready-starts", 10, "starts of mockdex timed from exec to its first ready answer")
	fs.StringVar(&c.repo, "repo", ".", "the mockdex checkout to build and measure")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary directory (binaries, logs, wrk scripts)")
	fs.StringVar(&c.postArgs, "post-args", "", "extra flags for the mockdex the POST runs against (space-separated), e.g. a visit cap to raise")
	fs.Func("spin", "comma-separated CPU costs per request, such as 5us,10us: a bare server for each that spends it (a busy loop) before answering, measured beside the others, to show how a fixed cost per request moves rate and p99", func(v string) error {
		for _, f := range strings.Split(v, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(f))
			if err != nil || d <= 0 {
				return fmt.Errorf("want positive durations such as 5us, got %q", f)
			}
			c.spins = append(c.spins, d)
		}
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := newRunner(ctx, c, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "sidebyside:", err)
		return 1
	}
	defer r.close()
	if err := r.all(); err != nil {
		fmt.Fprintln(stderr, "sidebyside:", err)
		return 1
	}
	if n := r.report.missed(); n > 0 {
		fmt.Fprintf(stderr, "sidebyside: %d of %d marks missed\n", n, len(r.report.lines))
		return exitMissed
	}
	return 0
}
