// Package faults holds fault rules: a rule makes one spec operation
// (keyed by its operationId) slow, failing or both, for a number of
// requests or until removed, with a seeded probability. Each namespace
// has its own Store.
//
// The package only decides which rule applies to a request and keeps the
// counts; answering in the operation's own error style is the HTTP
// layer's job (internal/server), and the admin endpoints that add and
// remove rules are internal/control's.
package faults
