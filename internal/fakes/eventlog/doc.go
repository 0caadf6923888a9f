// Package eventlog is a world's provider history: every event a provider
// (or an actor on the provider's behalf) did to a visit, past and
// planned, kept in (Timestamp, ID) order for the All Providers Report,
// which Search pages through with its filters.
//
// A busy mock adds thousands of events a second and a template holds a
// million, so a Store keeps compact records (the values that repeat
// interned in per-store tables, an id kept only when it is not the one ID
// derives from visit and action), sorts events added since the last read
// in one merge when next read, and answers a search from the tables
// before it touches a record. CloneShifted, Frozen, Each and Merge are
// what a world needs to start from a template and to export and import
// its state.
//
// It knows nothing of visits beyond their ids, nor of the clock: a
// search says what "now" is.
package eventlog
