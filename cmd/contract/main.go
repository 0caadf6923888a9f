// Command contract runs mockdex's scenarios against a DexCare tier (or a
// mockdex), validates every response against the spec, compares each
// answer with the in-process mock's, and reports drift.
//
//	contract list
//	contract run --target mock
//	contract run --target https://api.uat.example.org --format junit --out contract.xml
//
// Credentials come only from the environment: DEXCARE_SERVICE_KEY,
// DEXCARE_API_KEY, DEXCARE_JWT. Exit codes: 0 no finding at the --fail-on
// threshold, 1 drift, 2 usage or configuration error, 3 target
// unreachable or credentials refused.
package main

import "os"

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }
