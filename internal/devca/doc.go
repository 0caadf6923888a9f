// Package devca makes the certificates `mockdex serve --tls auto` and
// mockdextest's TLS server serve: a small certificate authority of
// mockdex's own and a server certificate it issues for localhost,
// 127.0.0.1, ::1 and any names the user adds.
//
// The authority is name-constrained to exactly those names, so trusting
// it (in a browser's store, NODE_EXTRA_CA_CERTS, a Go pool) lets it vouch
// for nothing else even if its key leaked. Keys are ECDSA P-256: made in
// microseconds, so a test server pays nothing for them.
//
// Keep stores the authority in a directory (--data-dir) so a trust given
// once survives restarts; a new server certificate is issued at every
// start, and a new authority when the names outgrow the kept one's
// constraints.
package devca
