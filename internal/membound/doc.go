// Package membound holds a mockdex process to one memory bound
// (--max-memory, by default a fraction of the container's memory limit):
// past it, new namespaces, visits, report jobs and state imports are
// refused with 507 and a message naming the bound, and nothing already
// stored is dropped.
//
// Memory is read from runtime/metrics (the heap's live bytes as of the
// last collection, a cheap read, cached for a few milliseconds), never
// with runtime.ReadMemStats, which stops the world. The runtime's own
// soft limit (debug.SetMemoryLimit) is set just under the bound, so the
// collector works harder before the process reaches it, and admissions
// stop while the live heap is still well below it: what a collection has
// not yet found, requests in flight and the runtime's own memory fit in
// between.
//
// It knows nothing of HTTP: a refusal is an apierr.Full, which each HTTP
// face words in its own shape.
package membound
