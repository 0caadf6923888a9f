// Package journal keeps mockdex's record of the requests it served: a
// ring bounded both in entries and in bytes, read through
// GET /_mockdex/requests and the dashboard.
//
// Recording is split in two so that it costs the request little:
//
//   - On the request path, Begin and the Capture it returns only copy:
//     the method and path, the raw query and the first BodyLimit bytes of
//     each body into a pooled buffer, and the header values (each capped at
//     HeaderValueLimit). Credential headers (Authorization, Cookie,
//     x-api-key...) are never copied, and a header named like a secret or a
//     patient field is replaced by the mask there and then. Nothing is
//     parsed, redacted or encoded.
//   - Finish queues the capture and, if none is pending, schedules a
//     flush a millisecond later: it redacts every capture queued by then
//     (the query and bodies, with internal/redact, the one list of secret
//     and patient fields), stores the entries, and zeroes each raw buffer
//     before it goes back to the pool. Batching a millisecond of requests
//     costs one wake-up instead of one per request.
//
// So a secret or patient value sent in a query or body exists in the
// journal's memory only from Finish until the flush after it, about a
// millisecond later: the queue holds at most queueLen captures, Finish
// waits when it is full, and no reader is needed for the flush to run.
// Stored entries hold only redacted values. Between flushes no goroutine
// runs, so an idle journal (a test server's) costs nothing.
//
// Readers redact what is queued themselves and wait for anything still
// arriving, so a client that has read its response finds the request in
// the journal.
package journal
