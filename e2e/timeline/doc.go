// Package timeline holds the end-to-end test of a timeline of DexCare
// events: every endpoint agrees on what the events changed, at the
// clock times they happen, through a restart with --data-dir and an
// export and import of the namespace (docs/timeline.md).
package timeline
