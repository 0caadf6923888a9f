// Package server is DexCare's API as mockdex serves it: the handlers, one
// table from operationId to handler (handlers.go), and the one writer.
//
// internal/gate routes each request to its operation and checks it
// against the spec (credentials, parameters, the body read and parsed
// once); then the request's namespace (internal/namespaces) is leased,
// its fault rules applied, and the handler called with a *Call: the
// route, path parameters, the parsed query, the verified patient, the
// namespace's world read-locked and the instant of its clock. A handler
// that takes a body is bound with decoded and receives it already in its
// own type. Handlers never write: they return an Answer (JSON, a page, a
// stream) or an error, and the one writer (answer.go) turns either into
// the response: errors in the body shape DexCare documents for that
// endpoint family (the operation's x-error-style, errstyles.go) with the
// status respond.Status gives their kind; in strict mode the answer is
// held back and checked against the spec (and DexCare's published file)
// before the client sees it. Every request passes one ResponseWriter
// wrapper (respond.Recorder) that feeds the access log and the request
// journal.
//
// New refuses a spec operation without a handler or a known style. The
// answers' JSON types live in internal/dexcare; the control plane
// (/_mockdex/, internal/control) is mounted in front by internal/mock.
package server
