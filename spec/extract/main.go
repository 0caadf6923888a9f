// Command extract writes the facts of DexCare's published OpenAPI files
// (paths, operations, parameters, schemas, enums, required fields, status
// codes, security) into spec/published/, leaving out every word of theirs:
// descriptions, summaries, titles, examples, tags and vendor extensions.
// The mock's tests and the contract runner judge responses by these facts
// without the project carrying DexCare's files.
//
//	go run ./spec/extract -from ../shared/reference/dexcare-oas -to spec/published
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mockdex/mockdex/spec/facts"
)

func main() {
	from := flag.String("from", "../shared/reference/dexcare-oas", "directory of DexCare's published OpenAPI JSON files")
	to := flag.String("to", "spec/published", "directory to write the extracted facts to")
	flag.Parse()
	if err := run(*from, *to); err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	names, err := filepath.Glob(filepath.Join(from, "*.json"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("no published files in %s", from)
	}
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		out, err := facts.Extract(filepath.Base(name), raw)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(name)), out, 0o644); err != nil {
			return err
		}
	}
	return nil
}
