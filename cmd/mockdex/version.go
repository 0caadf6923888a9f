package main

import (
	"runtime"
	"runtime/debug"
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
