// Package auth mints and checks the credentials mockdex accepts: patient
// JWTs, the reporting dc-token service key and the x-api-key.
//
// Patient JWTs are mockdex's own (HS256 with the mock's secret, judged by
// the mock clock: Verifier) or an issuer's (the app's identity provider,
// or mockdex's OpenID issuer: RS256, ES256 or PS256 with a key the
// issuer publishes, checked for its issuer and audience and judged by
// the wall clock: Issuer). Bearer accepts both kinds, picking by the
// token's alg.
package auth

import (
	"crypto/subtle"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The credentials a mock accepts unless told otherwise.
const (
	// DefaultJWTSecret signs development tokens when MOCKDEX_JWT_SECRET is unset.
	DefaultJWTSecret = "mockdex-dev-secret-not-for-production"
	// DefaultServiceKey is the reporting "dc-token" key: the docs'
	// placeholder, so their curl examples run verbatim.
	DefaultServiceKey = "SECRET_TOKEN"
	// DefaultAPIKey is the x-api-key of the server-to-server endpoints.
	DefaultAPIKey = "mockdex-api-key"
)

// Mint returns an HS256 token whose subject is the patient GUID.
func Mint(secret, patientGUID string, now time.Time, ttl time.Duration) (string, error) {
	if patientGUID == "" {
		return "", errors.New("a patient GUID is required")
	}
	claims := jwt.RegisteredClaims{
		Subject:   patientGUID,
		Issuer:    "mockdex",
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}

// ErrBadToken covers every reason a bearer token is refused; the reason is
// wrapped for logs but clients only learn that the token was refused.
var ErrBadToken = errors.New("invalid or expired token")

// VerifyBearer checks an Authorization header value "Bearer JWT" and
// returns the token's subject. Only HS256 is accepted (so alg none and
// algorithm swaps fail), and expiry is judged by the mock clock.
func VerifyBearer(header, secret string, now time.Time) (string, error) {
	return NewVerifier(secret).Verify(header, now)
}

// ServiceToken reports whether an Authorization header carries the
// reporting service key as "dc-token KEY". The comparison takes the same
// time whatever the key, so timing does not reveal it.
func ServiceToken(header, key string) bool {
	return ServiceTokenProblem(header, key) == ""
}

// Equal compares two secrets in constant time.
func Equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// DefaultTokenLife is how much wall time a token minted without a TTL
// (POST /_mockdex/tokens, mockdex token) lasts: a working day and then
// some, whatever the mock clock's speed. It is converted to mock time at
// the clock's speed (clock.Span), since the mock judges expiry by its
// clock: under --clock scaled:60 a default token is valid for 60 days of
// mock time.
const DefaultTokenLife = 24 * time.Hour
