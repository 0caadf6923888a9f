// Package server is mockdex's HTTP face. Routes come from the embedded
// OpenAPI spec: each request is matched to an operation, validated against
// it (parameters, body, security), and only then handed to the handler
// the one table in handlers.go binds to the operation's id. Errors are
// written in the body shape DexCare documents for that endpoint family
// (the operation's x-error-style, one of the typed set in errstyles.go),
// with the status the kind table in errors.go gives. New refuses a spec
// operation without a handler or a known style. In strict mode every
// answer is checked against the spec and, for operations DexCare
// publishes, against the published file too. Control endpoints live
// under /_mockdex/.
package server
