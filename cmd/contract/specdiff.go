package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/spec"
)

// specDiffCommand reports, with oasdiff's breaking-change checker, what
// changes from spec/dexcare.yaml to a DexCare published file:
// contract spec-diff --against FILE [--spec OURS] [--report F[=FILE]]...
// [--format F] [--fail-on S]. It exits 1 when a change reaches --fail-on.
func specDiffCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract spec-diff", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: specDiffSynopsis})
	f := &runFlags{}
	against := fs.String("against", "", "the published OpenAPI file to compare with")
	ours := fs.String("spec", "", "our spec (default: the embedded spec/dexcare.yaml)")
	fs.Var(&f.reports, "report", "write the report as FORMAT[=FILE] (text, json, junit, markdown, github); repeatable")
	fs.StringVar(&f.format, "format", "text", "report format when no --report is given")
	fs.StringVar(&f.failOn, "fail-on", "breaking", "lowest severity that fails: breaking, warning or info")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return usageError(stderr, "contract spec-diff", err)
	}
	fs.Visit(func(fl *flag.Flag) { f.formatSet = f.formatSet || fl.Name == "format" })
	sev, ok := contract.ParseSeverity(f.failOn)
	if *against == "" || fs.NArg() > 0 || !ok || !validFormat(f.format) {
		fmt.Fprintln(stderr, specDiffSynopsis)
		return exitUsage
	}
	if err := f.reports.check(f); err != nil {
		fmt.Fprintf(stderr, "contract spec-diff: %v\n", err)
		return exitUsage
	}
	theirs, err := os.ReadFile(*against)
	if err != nil {
		fmt.Fprintf(stderr, "contract spec-diff: %v\n", err)
		return exitUsage
	}
	mine := spec.YAML
	if *ours != "" {
		if mine, err = os.ReadFile(*ours); err != nil {
			fmt.Fprintf(stderr, "contract spec-diff: %v\n", err)
			return exitUsage
		}
	}
	rep, err := contract.SpecDiff(mine, theirs, filepath.Base(*against))
	if err != nil {
		fmt.Fprintf(stderr, "contract spec-diff: %v\n", err)
		return exitUsage
	}
	return report(rep, f, contract.WriteOptions{FailOn: sev, Scrubber: contract.NewScrubber()}, stdout, stderr)
}
