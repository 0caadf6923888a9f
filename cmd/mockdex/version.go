package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/mockdex/mockdex/internal/cli"
)

// version and commit are stamped at build time, as the Dockerfile does:
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse HEAD)" ./cmd/mockdex
//
// Unstamped, they come from the build info Go records: the module version
// for `go install ...@v1.2.3`, the VCS revision for a build in a checkout.
var (
	version = "dev"
	commit  = ""
)

// versionString is the version alone, for the start-up line.
func versionString() string {
	v, _ := buildVersion()
	return v
}

// versionLine is what `mockdex version` prints after the name:
// "v1.2.3 (commit 0123abcd, go1.26.8)".
func versionLine() string {
	v, c := buildVersion()
	if c == "" {
		c = "unknown"
	}
	return v + " (commit " + c + ", " + runtime.Version() + ")"
}

// buildVersion prefers what the build stamped over what Go recorded.
func buildVersion() (v, c string) {
	v, c = version, commit
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v, c
	}
	if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if c == "" {
		c = vcsRevision(bi.Settings)
	}
	return v, c
}

// vcsRevision is the commit `go build` recorded in a checkout, marked
// when the tree had uncommitted changes.
func vcsRevision(settings []debug.BuildSetting) string {
	rev, dirty := "", false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" && dirty {
		rev += "-dirty"
	}
	return rev
}

// versionCommand prints the version and commit the binary was built from.
func versionCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex version", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: "usage: mockdex version\n\nPrints the version and commit the binary was built from."})
	if err := cli.Parse(fs, args, stdout, stderr); errors.Is(err, flag.ErrHelp) {
		return exitOK
	} else if err != nil {
		fmt.Fprintln(stderr, "mockdex version:", err)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mockdex version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	fmt.Fprintln(stdout, "mockdex", versionLine())
	return exitOK
}
