// Command optable writes the README's table of every operation mockdex
// mocks (method, path, operationId, DexCare host, credentials) from
// spec/dexcare.yaml, between the README's optable markers, so the table
// cannot drift from the spec: its test fails when they differ.
//
//	go run ./tools/optable            # rewrite the table in README.md
//	go run ./tools/optable -check     # exit 1 if README.md's table is stale
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mockdex/mockdex/spec"
)

func main() {
	readme := flag.String("readme", "README.md", "the README whose table to write")
	check := flag.Bool("check", false, "only check the table is current; exit 1 if not")
	flag.Parse()
	if err := run(*readme, *check); err != nil {
		fmt.Fprintln(os.Stderr, "optable:", err)
		os.Exit(1)
	}
}

func run(readme string, check bool) error {
	doc, err := spec.Load()
	if err != nil {
		return err
	}
	table, err := Table(doc)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	updated, err := Replace(string(old), table)
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	if updated == string(old) {
		return nil
	}
	if check {
		return fmt.Errorf("%s: the operation table differs from spec/dexcare.yaml; run go run ./tools/optable", readme)
	}
	return os.WriteFile(readme, []byte(updated), 0o644)
}
