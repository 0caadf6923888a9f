package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
)

// token prints a bearer token for a patient, signed with MOCKDEX_JWT_SECRET
// (or the development default), valid from the wall clock's now.
func token(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	patient := fs.String("patient", "", "the patient GUID the token is for (its subject)")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	at := fs.String("now", "", "RFC 3339 issue time, to match a mock whose clock is elsewhere")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *patient == "" {
		fmt.Fprintln(stderr, "mockdex token: --patient GUID is required")
		return exitUsage
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			fmt.Fprintln(stderr, "mockdex token: --now:", err)
			return exitUsage
		}
		now = t
	}
	secret := env("MOCKDEX_JWT_SECRET", auth.DefaultJWTSecret)
	tok, err := auth.Mint(secret, *patient, now, *ttl)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex token:", err)
		return exitFail
	}
	fmt.Fprintln(stdout, tok)
	return exitOK
}
