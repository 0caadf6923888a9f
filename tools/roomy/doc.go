// Package roomy makes the fixtures the POST throughput measurements run
// against: the embedded world with room for every visit a load run
// creates, and the visit body they post. The side-by-side script and the
// server's hot-path benchmark share it, so both measure the same thing.
package roomy
