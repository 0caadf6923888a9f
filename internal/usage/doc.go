// Package usage builds an app's usage profile: which DexCare operations
// the app called through mockdex, with which parameters and request body
// fields, which enum values it chose, which statuses it got and which
// response fields it could have read. It is folded from the request
// journal (internal/journal), entry by entry, so it can run on the
// journal's flush (Journal.Observe) and keeps only bounded aggregates:
// the profile outlives the ring's eviction.
//
// A profile holds no free-form value, by construction: names come from
// the spec (or are folded to {key}), and a value is kept only when it is
// one of the spec's enum members (or a boolean) of a field whose name
// internal/redact calls public. Leaks checks a document against that
// rule, so a profile read from disk is held to it too.
//
// Profiles from several runs merge (Merge): commutative and idempotent,
// so merging a profile twice, or in another order, changes nothing. The
// document format is docs/usage-profile.md.
//
// Classify scopes a contract finding to the profile ("your app depends
// on this" or info), and ReplaySteps describes the requests only the app
// makes, with synthetic values, for a contract run to replay.
package usage
