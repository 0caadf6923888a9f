// Package loadgen measures a running mockdex: it sends a weighted mix of
// realistic DexCare requests from a few concurrent workers, bounded by a
// request count and a duration, and reports throughput, latency
// percentiles and status codes per operation.
//
// It only ever targets loopback (127.0.0.0/8, ::1, localhost): load
// against any other address is refused before a request is sent.
//
// Outcomes are told apart because they mean different things: 409 on a
// visit create is the queue filling up (expected under write load), 501
// is an operation the mock has not built yet, and everything else that
// is not 2xx, or a transport failure, is an error.
package loadgen
