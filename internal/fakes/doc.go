// Package fakes is mockdex's world: the fixtures it starts from and the
// state that requests change (visits, provider history events, report
// jobs, booked slots).
//
// Nothing here runs in the background. Every state machine (a visit's
// lifecycle, a report job's phases) is planned when it starts and read
// against the injected clock, so moving the clock moves the world and two
// reads at the same instant always agree. Each store has its own lock and
// hands out copies, never its internal pointers.
//
// A Template is built once per process (fixtures, generated history) and
// makes cheap, independent Worlds: a namespace or a reset costs a copy of
// the history, not its generation. Stores keep compact records (repeated
// values as symbols, free text packed in one string; see visitrec.go), and
// a world is bounded (Options.MaxVisits, Options.MaxReports; see
// docs/limits.md). World.Export and ImportWorld move a world's state in
// and out as a versioned document (docs/state-format.md).
package fakes
