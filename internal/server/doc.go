// Package server is mockdex's HTTP face. Routes come from the embedded
// OpenAPI spec: each request is matched to an operation, validated against
// it (parameters, body, security), and only then handed to the handler
// registered under the operation's id. Errors are written in the body
// shape DexCare documents for that endpoint family (the operation's
// x-error-style). Control endpoints live under /_mockdex/.
package server
