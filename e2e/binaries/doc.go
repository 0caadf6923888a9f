// Package binaries builds the module's commands (mockdex, contract,
// loadgen) once for every test that runs them as a user would: the README
// replay, the shipping suite, the binary's abuse tests.
//
// Every distinct set of build flags compiles every dependency again, a
// few minutes of CPU on a small machine with an empty build cache. So
// they are all built in one flavour, the image's (static, -trimpath: see
// Env and Flags), which the image's own build and the go install check
// share, into one directory per checkout under the temporary directory.
// A file lock lets test binaries running side by side wait for one build
// instead of each compiling the same packages; go build leaves the
// binaries alone when they are up to date, so later runs only link what
// changed. .ci/run builds them itself while vet runs, and names the
// directory in MOCKDEX_E2E_BIN.
package binaries
