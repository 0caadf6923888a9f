// Package hostile is a DexCare tier on a bad night, for the contract
// runner's tests: a server in front of any upstream (a mockdex, a canned
// handler) that misbehaves on one operation the way UAT tiers and the
// gateways in front of them do. It stalls before the answer and during
// the body, trickles, cuts the body short, resets the connection,
// redirects to another origin and to another port of the same host,
// streams a body of half a gigabyte or a valid JSON array of 50 MB,
// sends a gzip bomb, invalid UTF-8, a gateway's HTML 502 and 429 with
// Retry-After; or serves TLS under a certificate nobody trusts.
//
// Beside the tier it runs listeners that must never hear from the run:
// the redirect targets (another origin, another port) and the tier's own
// /_mockdex/ (a tier is not a mockdex: no admin token belongs there).
// Strays lists whatever reached them, so a test can assert no
// credential or body left the origin it belongs to.
//
// It never imports the mock: the upstream is any http.Handler. Cases
// runs the ones a run must survive, each with the rule the runner
// reports it under.
package hostile
