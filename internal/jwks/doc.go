// Package jwks reads an identity provider's public keys, published as a
// JSON Web Key Set, for checking the app's own patient tokens.
//
// Remote fetches the set from its URL (or finds the URL in the issuer's
// OpenID discovery document), bounded in bytes and time, keeps it, and
// fetches it again when a token names a key it does not hold (the
// provider rotated its keys) or when it is older than MaxAge. Fetches on
// unknown keys are rate-limited (a burst, then one per interval, on an
// injected clock), so a stream of made-up key ids cannot turn the mock
// against the provider.
//
// It is a small reader on the standard library rather than
// MicahParks/keyfunc or go-jose: keyfunc's storage refreshes on
// goroutines of its own against the wall clock, which tests can only
// wait on, and reads bodies with limits we do not set; go-jose would
// bring a second JOSE implementation beside golang-jwt, which checks the
// signatures. What is left to write is RSA and P-256 key parsing and a
// cache, which this package is.
package jwks
