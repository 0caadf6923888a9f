package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Problem names what was wrong with a refused credential: the mistake,
// never the credential. DexCare's answer is the same whatever the
// mistake (401 invalid or expired token, 403 bad service token...), so
// the mock keeps its bodies and says which mistake it was in the request
// journal (authProblem) and the access log (auth_problem) instead.
//
// A Problem is a stable, kebab-case word: tests, docs and log queries
// match on it. New kinds of credential add their mistakes to Problems.
type Problem string

// The mistakes the mock tells apart.
const (
	// NoCredential: the operation's credential was not sent at all.
	NoCredential Problem = "no-credential"
	// WrongCredential: another kind of credential was sent in its place
	// (an x-api-key where a bearer token is required, a patient token as
	// the reporting service key...).
	WrongCredential Problem = "wrong-credential"
	// WrongScheme: Authorization names another scheme ("Bearer" on
	// reporting, "dc-token" on a patient endpoint, "Basic"...).
	WrongScheme Problem = "wrong-scheme"
	// NoScheme: Authorization holds a bare token or key, with no scheme
	// word before it.
	NoScheme Problem = "no-scheme"
	// UnknownKey: a service key or API key that is not the mock's, or an
	// issuer's token signed under a key id its issuer does not publish
	// (or whose keys could not be fetched).
	UnknownKey Problem = "unknown-key"
	// UnknownIssuer: a token whose iss is no issuer the mock accepts.
	UnknownIssuer Problem = "unknown-issuer"
	// WrongAudience: an issuer's token whose aud lacks the configured
	// audience (--jwt-audience).
	WrongAudience Problem = "wrong-audience"
	// MalformedToken: the bearer value is not a JWT (three base64url
	// parts of JSON), or is empty.
	MalformedToken Problem = "malformed-token"
	// AlgNone: the token is unsigned ("alg": "none").
	AlgNone Problem = "alg-none"
	// WrongAlgorithm: the token is signed with an algorithm the mock does
	// not accept for patient tokens.
	WrongAlgorithm Problem = "wrong-alg"
	// BadSignature: the signature does not verify (signed with another
	// secret, or changed after signing).
	BadSignature Problem = "bad-signature"
	// MissingClaim: the token lacks a claim the mock requires (exp, sub).
	MissingClaim Problem = "missing-claim"
	// Expired: the mock clock is at or past the token's exp.
	Expired Problem = "expired"
	// NotYetValid: the mock clock is before the token's nbf.
	NotYetValid Problem = "not-yet-valid"
)

// ProblemInfo describes a Problem for people: what it means and how to
// fix it. docs/admin-api.md lists the same table.
type ProblemInfo struct {
	Problem Problem
	Means   string // what the mock saw
	Fix     string // what the client should send instead
}

// Problems is every mistake the mock names, in the order the docs list
// them. It is the vocabulary's one table: a new credential kind (JWKS
// tokens, mTLS...) appends its own mistakes here, and TestProblemsTable
// holds every entry to being documented and distinct.
var Problems = []ProblemInfo{
	{NoCredential, "no credential was sent for this operation", "send the credential the operation's security names in spec/dexcare.yaml"},
	{WrongCredential, "another kind of credential was sent in place of the one this operation requires",
		"patient endpoints take Authorization: Bearer <patient JWT>; reporting takes Authorization: dc-token <service key>; server-to-server endpoints take x-api-key"},
	{WrongScheme, "Authorization names another scheme than this operation's", "use Bearer on patient endpoints and dc-token on reporting"},
	{NoScheme, "Authorization holds a bare token or key with no scheme before it", "prefix the value with its scheme: Bearer <token> or dc-token <key>"},
	{UnknownKey, "the service key or API key is not the one the mock was started with; or an issuer's token names a key id (kid) its JWKS does not publish, or the JWKS could not be fetched",
		"use MOCKDEX_SERVICE_KEY / MOCKDEX_API_KEY as the mock was started with (defaults SECRET_TOKEN, mockdex-api-key); for an issuer's token, check --jwt-jwks-url and the provider's key rotation"},
	{UnknownIssuer, "the token's iss is no issuer the mock accepts", "configure the app's provider with --jwt-issuer (its iss exactly), or mint with the mock's own secret or issuer"},
	{WrongAudience, "an issuer's token whose aud lacks the audience the mock was given", "ask the provider for a token for --jwt-audience's value, or start the mock with the audience the tokens carry"},
	{MalformedToken, "the bearer value is not a JWT", "send a token minted by POST /_mockdex/tokens or mockdex token"},
	{AlgNone, `the token is unsigned ("alg": "none")`, "sign the token (HS256 with the mock's JWT secret)"},
	{WrongAlgorithm, "the token is signed with an algorithm the mock does not accept (HS256 for its own tokens; RS256, ES256 or PS256 for an issuer's)", "sign with HS256 and the mock's JWT secret, or configure the token's issuer (--jwt-issuer)"},
	{BadSignature, "the token's signature does not verify: signed with another secret, or changed after signing",
		"mint with the mock's JWT secret (MOCKDEX_JWT_SECRET or the default)"},
	{MissingClaim, "the token lacks exp or sub", "mint tokens with an expiry and the patient GUID as subject"},
	{Expired, "the mock clock is at or past the token's exp", "mint a fresh token, or move the mock clock back"},
	{NotYetValid, "the mock clock is before the token's nbf", "mint without nbf, or advance the mock clock"},
}

// Info is p's entry in Problems.
func (p Problem) Info() (ProblemInfo, bool) {
	for _, pi := range Problems {
		if pi.Problem == p {
			return pi, true
		}
	}
	return ProblemInfo{}, false
}

// Refusal is a refused credential and the mistake it shows. It wraps the
// refusal's sentinel (ErrBadToken for bearer tokens), so errors.Is holds
// as before.
type Refusal struct {
	Problem Problem
	err     error
}

func (r *Refusal) Error() string { return r.err.Error() + " (" + string(r.Problem) + ")" }
func (r *Refusal) Unwrap() error { return r.err }

// refused is a bearer token refusal for problem p; detail (may be nil)
// is the reason, for the refusal log (Options.TokenRefused) and tests.
// Neither holds the token.
func refused(p Problem, detail error) error {
	err := ErrBadToken
	if detail != nil {
		err = fmt.Errorf("%w: %w", ErrBadToken, detail)
	}
	return &Refusal{Problem: p, err: err}
}

// ProblemOf is the mistake a refusal names, "" for an error that is not
// a credential refusal.
func ProblemOf(err error) Problem {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Problem
	}
	return ""
}

// Schemes the mock knows in an Authorization header.
const (
	schemeBearer  = "Bearer"
	schemeService = "dc-token"
)

// splitScheme splits an Authorization value into its scheme and the
// rest; a value with no space has no scheme.
func splitScheme(header string) (scheme, rest string, ok bool) {
	scheme, rest, ok = strings.Cut(strings.TrimSpace(header), " ")
	return scheme, strings.TrimSpace(rest), ok
}

// schemeProblem judges the Authorization value's scheme against want:
// "" when it is want's.
func schemeProblem(header, want string) Problem {
	if strings.TrimSpace(header) == "" {
		return NoCredential
	}
	scheme, _, ok := splitScheme(header)
	switch {
	case strings.EqualFold(scheme, want):
		return ""
	case !ok:
		return NoScheme
	}
	return WrongScheme
}

// ServiceTokenProblem judges a reporting Authorization header ("dc-token
// KEY") against key: "" when it is good. A patient JWT sent as the key
// is the wrong credential; any other key is unknown.
func ServiceTokenProblem(header, key string) Problem {
	if p := schemeProblem(header, schemeService); p != "" {
		return p
	}
	_, raw, _ := splitScheme(header)
	switch {
	case Equal(raw, key):
		return ""
	case raw == "":
		return NoCredential
	case looksLikeJWT(raw):
		return WrongCredential
	}
	return UnknownKey
}

// APIKeyProblem judges an x-api-key value against key: "" when it is good.
func APIKeyProblem(value, key string) Problem {
	switch {
	case Equal(value, key):
		return ""
	case strings.TrimSpace(value) == "":
		return NoCredential
	}
	return UnknownKey
}

// Credential kinds an operation can require, for Absent.
const (
	NeedsAuthorization = "Authorization" // a Bearer token or the dc-token key
	NeedsAPIKey        = "X-Api-Key"
)

// Absent refines NoCredential for a request that lacks the header the
// operation needs (NeedsAuthorization or NeedsAPIKey): when it sent the
// other one instead, the mistake is the wrong kind of credential.
func Absent(h http.Header, needs string) Problem {
	other := NeedsAPIKey
	if needs == NeedsAPIKey {
		other = NeedsAuthorization
	}
	if strings.TrimSpace(h.Get(needs)) == "" && strings.TrimSpace(h.Get(other)) != "" {
		return WrongCredential
	}
	return NoCredential
}

// looksLikeJWT says s has a JWT's shape: three dot-separated parts, the
// first a base64url JSON object ("eyJ" is how `{"` encodes).
func looksLikeJWT(s string) bool {
	return strings.Count(s, ".") == 2 && strings.HasPrefix(s, "eyJ")
}
