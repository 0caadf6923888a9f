package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mockdex/mockdex/internal/cli"
	usageprofile "github.com/mockdex/mockdex/internal/usage"
)

const usageMergeLine = "contract usage merge PROFILE... [--out FILE]"

const usageMergeSynopsis = "usage: " + usageMergeLine + `

Merges usage profiles (mockdex usage, mockdextest's SaveUsageProfile) from
several runs into one, for contract run --usage: every set the union,
counts added across separate runs. Merging is commutative and idempotent:
a profile merged twice changes nothing (docs/usage-profile.md).`

// usageCommand answers `contract usage merge`.
func usageCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "merge" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stdout, usageMergeSynopsis)
			return exitOK
		}
		fmt.Fprintln(stderr, usageMergeSynopsis)
		return exitUsage
	}
	fs := flag.NewFlagSet("contract usage merge", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: usageMergeSynopsis})
	out := fs.String("out", "", "write the merged profile to this `FILE` (default: stdout)")
	if err := cli.Parse(fs, interleaved(args[1:], "out"), stdout, stderr); err != nil {
		return usageError(stderr, "contract usage merge", err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "contract usage merge: name the profiles to merge")
		return exitUsage
	}
	var ps []*usageprofile.Profile
	for _, path := range fs.Args() {
		p, err := readProfile(path)
		if err != nil {
			fmt.Fprintf(stderr, "contract usage merge: %v\n", err)
			return exitUsage
		}
		ps = append(ps, p)
	}
	merged, err := usageprofile.MergeAll(ps...)
	if err != nil {
		fmt.Fprintf(stderr, "contract usage merge: %v\n", err)
		return exitUsage
	}
	var buf bytes.Buffer
	if err := usageprofile.Write(&buf, merged); err != nil {
		fmt.Fprintf(stderr, "contract usage merge: %v\n", err)
		return exitUsage
	}
	if *out == "" {
		_, _ = stdout.Write(buf.Bytes())
		return exitOK
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "contract usage merge: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "contract usage merge: %d profiles into %s\n", len(ps), *out)
	return exitOK
}

// interleaved moves the flags named valued (each with its value) and
// any other -flag ahead of the positional arguments, so `merge A B --out
// F` reads as `merge --out F A B` (the flag package stops at the first
// positional argument).
func interleaved(args []string, valued ...string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			name := a[1:]
			if len(name) > 0 && name[0] == '-' {
				name = name[1:]
			}
			for _, v := range valued {
				if name == v && i+1 < len(args) {
					i++
					flags = append(flags, args[i])
				}
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}
