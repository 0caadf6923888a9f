// Package mirror builds a mockdex fixtures directory from a read-only
// recording of a DexCare tier: the customer's practices and regions, their
// availability hours, departments and EHR names, visit types, qualifiers
// and modalities, providers with their departments, and clinic schedules
// inferred from the free slots the tier lists. A mock started on the
// directory answers the same read-only calls as the tier did at the
// recording instant.
//
// It speaks HTTP only, through a Doer the caller supplies (the contract
// runner's rate-limited, credentialed client), and sends nothing but the
// read-only calls of ReadOnlyCalls: a guard refuses any other request
// before it leaves. It never imports the mock: it writes the fixture
// files through internal/fixturefile, the format internal/fakes reads,
// and a round-trip test holds what a mock makes of them to the tier.
//
// What it cannot see it says: every guess, every field left at a default
// and everything the tier does not show is a note in the Report, and a
// refresh into an existing directory lists what changed (Diff).
package mirror

// The tier's answers the mirror reads are DexCare's response shapes
// (internal/dexcare, which the mock writes), and what it writes is the
// fixture file format (internal/fixturefile, which the mock reads): the
// mirror restates neither.
