// Package timeline is the format of a namespace's timeline: DexCare
// events on the mock clock (a region closing, on-call cover lost, the
// queue busy, a provider declining, the staff cancelling, the EHR taking
// a slot, a report job failing, a host's outage, a latency window), each
// at a clock time or after a count of calls. It reads a timeline from
// JSON (the --timeline file, PUT /_mockdex/timeline, a state document's
// "timeline"), strictly and with refusals naming the field, and writes
// it back as it was written.
//
// The package knows no world: internal/fakes checks a timeline against
// the fixtures and plays it, applying each event to the world when it
// falls due (docs/timeline.md).
package timeline
