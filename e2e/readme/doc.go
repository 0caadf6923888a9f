// Package readme replays the shell examples of README.md and of the docs
// pages that hold runnable ones (docs/tour.md), verbatim, each page
// against a fresh mock, so the first thing a newcomer reads is also true.
//
// The pages' own conventions are what the replay checks:
//
//   - every ```sh block is replayed, in order, in one bash session, unless
//     the line before its fence says <!-- readme-test: skip: REASON -->;
//   - a comment line right after a command (no blank line between) is what
//     the command answers: an optional HTTP status, then the body, where
//     "..." stands for anything and <name> for a value the replay captures;
//     consecutive comment lines make one answer;
//   - a later command's <name> is replaced by the value captured under that
//     name, as a reader would paste it;
//   - a command with no answer written must succeed (exit 0, and curl's
//     status below 400).
//
// The one substitution is the address: 127.0.0.1:8080 and localhost:8080
// become the fresh mock's, and `go run ./cmd/X` runs X as built once for
// every end-to-end test (e2e/binaries: the same code, without a compile
// per command).
package readme
