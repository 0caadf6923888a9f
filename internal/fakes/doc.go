// Package fakes is mockdex's world: the fixtures it starts from and the
// state that requests change (visits, provider history events, report
// jobs, held slots, TokBox session events).
//
// One slot book answers every way of asking for in-person times: a
// provider's listing (ProviderSlots), a multi-provider search
// (SearchSlots), Care Options (SearchCare and its aggregations) and the
// retail page all read FreeSlots, and bookings and EHR slot events all take
// and release through SlotBook, so a slot taken one way is gone from all.
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
// and out as a state document (internal/statedoc, docs/state-format.md);
// the state_*.go files are the conversion and the checks that need the
// world.
//
// The fixtures' types (Practice, Region, Department, Provider, Patient...)
// are the fixture file format's, internal/fixturefile, under the names a
// world gives them; LoadFixtures adds what a world makes of the files:
// providers generated from the seed, put on call pool by pool.
package fakes
