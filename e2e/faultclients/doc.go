// Package faultclients checks that real HTTP clients see each fault kind
// as the failure it imitates: Go's net/http, Python's http.client and
// Node's http, against the mockdex binary on loopback (so through the
// command's own listener). A missing python3 or node skips that client,
// saying so.
package faultclients
