// Package badmonday replays docs/timeline.md's bad Monday: it starts
// mockdex as the page says, with examples/bad-monday/timeline.json, runs
// every command of the page in one shell, and checks each answer the
// page writes under it, so the example that teaches error handling is
// also true.
package badmonday
