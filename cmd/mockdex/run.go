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
	} else if len(rest) > 0 && isHelp(rest[0]) {
		cmd, rest = "help", nil // the commands first, then serve's flags
	}
	switch cmd {
	case "serve":
		return serve(rest, stdout, stderr, nil)
	case "token":
		return token(rest, stdout, stderr)
	case "healthcheck":
		return healthcheck(rest, stdout, stderr)
	case "usage":
		return usageCommand(rest, stdout, stderr)
	case "version":
		return versionCommand(rest, stdout, stderr)
	case "help":
		return help(rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "mockdex: unknown command %q%s\n\n%s", cmd, didYouMean(cmd), commands)
	return exitUsage
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}
