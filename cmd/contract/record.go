package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/contract"
)

// recordCommand saves a target's redacted answers to every step:
// contract record --target URL --out DIR [run's selection and safety flags].
func (d deps) recordCommand(args []string, stdout, stderr io.Writer) int {
	f, _, cfg, code := d.prepare("record", args, stdout, stderr)
	if f == nil {
		return code
	}
	recs := contract.Record(context.Background(), cfg)
	if err := contract.SaveRecordings(f.out, recs, cfg.Scrubber); err != nil {
		fmt.Fprintf(stderr, "contract record: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "recorded %d scenarios into %s\n", len(recs), f.out)
	return exitOK
}

// diffCommand compares two recordings: contract diff OLD NEW [--format F] [--fail-on S].
func diffCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract diff", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: diffSynopsis})
	format := fs.String("format", "text", "report format: text, json, junit or markdown")
	failOn := fs.String("fail-on", "breaking", "lowest severity that fails: breaking, warning or info")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		return usageError(stderr, "contract diff", err)
	}
	sev, ok := contract.ParseSeverity(*failOn)
	if fs.NArg() != 2 || !ok || !validFormat(*format) {
		fmt.Fprintln(stderr, diffSynopsis)
		return exitUsage
	}
	old, err := contract.LoadRecordings(fs.Arg(0))
	if err == nil {
		var cur map[string]contract.Recording
		if cur, err = contract.LoadRecordings(fs.Arg(1)); err == nil {
			rep := contract.DiffRecordings(old, cur)
			if err := contract.Write(stdout, rep, contract.WriteOptions{Format: *format, FailOn: sev}); err != nil {
				fmt.Fprintf(stderr, "contract diff: %v\n", err)
				return exitUsage
			}
			if rep.FailsAt(sev) {
				return exitDrift
			}
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "contract diff: %v\n", err)
	return exitUsage
}
