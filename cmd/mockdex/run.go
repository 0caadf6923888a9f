package main

import (
	"fmt"
	"io"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	cmd, rest := "serve", args[1:]
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return serve(rest, stdout, stderr, nil)
	case "token":
		return token(rest, stdout, stderr)
	case "healthcheck":
		return healthcheck(rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "mockdex", versionLine())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "mockdex: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

const usage = `usage:
  mockdex [serve] [flags]        serve the mock (see mockdex serve --help)
  mockdex token --patient GUID   print a patient bearer token
  mockdex healthcheck [--url U | --addr A]
                                 exit 0 if the mock answers where serve listens, 1 if not
  mockdex version                print the version and commit
`
