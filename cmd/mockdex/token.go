package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/clock"
)

const tokenUsage = `usage: mockdex token --patient GUID [--ttl DURATION] [--clock real|manual|scaled:N] [--now RFC3339]
                     [--fixtures DIR] [--unchecked]

Prints a patient bearer token signed with MOCKDEX_JWT_SECRET (or the
development default), issued at the wall clock's now (or --now). The
patient must be one of the fixtures' (the embedded world's, or --fixtures
DIR's patients.json): a token for any other is refused with the GUIDs
that would work.

Without --ttl the token lives a day of wall time at the mock clock's speed,
as POST /_mockdex/tokens mints them: 24h under --clock real or manual,
60 days of mock time under --clock scaled:60 (the mock judges expiry by its
own clock). --clock defaults to $MOCKDEX_CLOCK, so run inside the mock's
container the command agrees with the mock.

Apps that cannot shell into the mock mint tokens over HTTP instead:
  curl -X POST localhost:8080/_mockdex/tokens -H 'Content-Type: application/json' \
    -d '{"patient": "233441f4-129f-4d0e-afaa-b3009dbe80c7", "ttl": "24h"}'

`

// token prints a bearer token for a patient.
func token(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex token", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: tokenUsage, Env: tokenEnv})
	patient := fs.String("patient", "", "the patient GUID the token is for (its subject)")
	ttl := fs.Duration("ttl", 0, "how long the token is valid, in mock time; default a day of wall time at the --clock's speed")
	clockSpec := fs.String("clock", env("MOCKDEX_CLOCK", "real"), "the mock's clock (real, manual or scaled:N), for the default --ttl (MOCKDEX_CLOCK)")
	at := fs.String("now", "", "RFC 3339 issue time, to match a mock whose clock is elsewhere")
	fixturesDir := fs.String("fixtures", env("MOCKDEX_FIXTURES", ""), "the fixtures directory the mock serves, whose patients.json must hold --patient; default the embedded world (MOCKDEX_FIXTURES)")
	unchecked := fs.Bool("unchecked", false, "mint for a patient the fixtures do not hold (one created at run time by a guest visit, a retail booking or an imported state)")
	if err := cli.Parse(fs, args, stdout, stderr); errors.Is(err, flag.ErrHelp) {
		return exitOK
	} else if err != nil {
		fmt.Fprintln(stderr, "mockdex token:", err)
		return exitUsage
	}
	if *patient == "" {
		fmt.Fprintln(stderr, "mockdex token: --patient GUID is required")
		return exitUsage
	}
	if !*unchecked {
		if err := checkPatient(*fixturesDir, *patient); err != nil {
			fmt.Fprintln(stderr, "mockdex token:", err)
			return exitUsage
		}
	}
	now, life, err := tokenTimes(*at, *clockSpec, *ttl)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex token:", err)
		return exitUsage
	}
	tok, err := auth.Mint(env("MOCKDEX_JWT_SECRET", auth.DefaultJWTSecret), *patient, now, life)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex token:", err)
		return exitFail
	}
	fmt.Fprintln(stdout, tok)
	return exitOK
}

// tokenTimes is the issue time and lifetime the flags ask for.
func tokenTimes(at, clockSpec string, ttl time.Duration) (time.Time, time.Duration, error) {
	now := time.Now()
	if at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return now, 0, fmt.Errorf("--now: %w", err)
		}
		now = t
	}
	if ttl < 0 {
		return now, 0, fmt.Errorf("--ttl must be positive")
	}
	clk, err := clock.Parse(clockSpec, now)
	if err != nil {
		return now, 0, fmt.Errorf("--clock: %w", err)
	}
	if ttl == 0 {
		ttl = clk.Span(auth.DefaultTokenLife)
	}
	return now, ttl, nil
}
