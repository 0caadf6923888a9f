package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/spec"
)

// specDiffCommand reports where spec/dexcare.yaml differs structurally
// from a DexCare published file:
// contract spec-diff --against FILE [--spec OURS] [--format text|json].
// It informs; it exits 0 unless the files cannot be read.
func specDiffCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract spec-diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	against := fs.String("against", "", "the published OpenAPI file to compare with")
	ours := fs.String("spec", "", "our spec (default: the embedded spec/dexcare.yaml)")
	format := fs.String("format", "text", "text or json")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *against == "" || fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: contract spec-diff --against FILE [--spec OURS] [--format text|json]")
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
	changes, err := contract.SpecDiff(mine, theirs)
	if err != nil {
		fmt.Fprintf(stderr, "contract spec-diff: %v\n", err)
		return exitUsage
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(changes)
		return exitOK
	}
	fmt.Fprintf(stdout, "%d structural differences against %s\n", len(changes), *against)
	for _, c := range changes {
		fmt.Fprintf(stdout, "  %-32s %-45s %s\n", c.Kind, c.Operation, c.Detail)
	}
	return exitOK
}
