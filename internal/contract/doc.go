// Package contract runs the scenarios of package scenarios against a
// target (a DexCare tier, a running mockdex, or one in-process), validates
// every response against the OpenAPI spec, compares each step's answer
// with what the in-process mock answers to the same step, and reports
// drift as findings with stable rule ids.
//
// Values that differ between two runs of the mock itself (ids,
// timestamps) are learned as noise and compared by shape only.
//
// It trusts no tier. Client reads every answer whole within the request
// timeout and a byte cap, refuses JSON too large to decode before
// anything decodes it, follows no redirect out of the request's origin,
// and turns every way a request can fail into a TransportError; the
// runner makes each a finding under its own rule, naming the operation,
// the host, the bytes that arrived and the time taken. Scenarios run side
// by side within the rate limit, so one stuck subsystem costs one
// deadline; retries are counted per operation and reported.
//
// Patient data and credentials never reach a report: JSON values under
// patient and actor fields are redacted, credentials are replaced by the
// names of the environment variables that hold them, and every report is
// scrubbed of any sensitive value seen during the run.
package contract
