// Package metrics is mockdex's Prometheus exposition: requests by
// operation and status and their latency, observed on the request path
// at the cost of a map read and two atomic adds; and what the mock holds
// (namespaces, visits, report jobs, memory against its bound, refusals by
// cause, evictions and expiries, persistence lag), read from the mock's
// own counters only when a scraper asks (docs/metrics.md).
//
// It reads the mock through the small function types of Sources, so it
// depends on the counters' types, not on the mock.
package metrics
