package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyring is an issuer's published keys, which a test rotates.
type keyring struct {
	mu   sync.Mutex
	keys map[string]crypto.PublicKey
}

func (k *keyring) Key(_ context.Context, kid, _ string) (crypto.PublicKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if pub, ok := k.keys[kid]; ok {
		return pub, nil
	}
	return nil, errors.New("unknown kid")
}

func (k *keyring) publish(keys map[string]crypto.PublicKey) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = keys
}

var (
	rsaKey, _   = rsa.GenerateKey(rand.Reader, 2048)
	otherRSA, _ = rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _    = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	wallNow     = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
)

const idp = "https://idp.example.com/"

func sign(t *testing.T, method jwt.SigningMethod, kid string, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return "Bearer " + s
}

func appClaims(mod func(jwt.MapClaims)) jwt.MapClaims {
	c := jwt.MapClaims{"iss": idp, "aud": []string{"dexcare-api", "other"}, "sub": "auth0|123",
		"patient_guid": patient, "iat": wallNow.Unix(), "exp": wallNow.Add(time.Hour).Unix()}
	if mod != nil {
		mod(c)
	}
	return c
}

func newAppBearer() (*Bearer, *keyring) {
	ring := &keyring{keys: map[string]crypto.PublicKey{"r1": &rsaKey.PublicKey, "e1": &ecKey.PublicKey}}
	b := NewBearer("s3cret", func() time.Time { return wallNow },
		Issuer{URL: idp, Audience: "dexcare-api", PatientClaim: "patient_guid", Keys: ring})
	return b, ring
}

// Tokens of the app's provider, signed RS256, ES256 or PS256 with a key
// it publishes, name the patient in the configured claim; mockdex's own
// tokens keep working beside them.
func TestBearerAcceptsTheProvidersTokens(t *testing.T) {
	b, _ := newAppBearer()
	for name, h := range map[string]string{
		"RS256":                           sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil)),
		"PS256":                           sign(t, jwt.SigningMethodPS256, "r1", rsaKey, appClaims(nil)),
		"ES256":                           sign(t, jwt.SigningMethodES256, "e1", ecKey, appClaims(nil)),
		"aud as a string":                 sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["aud"] = "dexcare-api" })),
		"not before now, within a minute": sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["nbf"] = wallNow.Add(30 * time.Second).Unix() })),
	} {
		sub, err := b.Verify(context.Background(), h, time.Time{})
		require.NoError(t, err, name)
		assert.Equal(t, patient, sub, name)
	}
	own, err := Mint("s3cret", patient, now, time.Hour)
	require.NoError(t, err)
	sub, err := b.Verify(context.Background(), "Bearer "+own, now)
	require.NoError(t, err, "mockdex's own token, judged by the mock clock")
	assert.Equal(t, patient, sub)
}

// Every way a provider token can be wrong is refused, with ErrBadToken
// (DexCare's 401).
func TestBearerRefusesWrongProviderTokens(t *testing.T) {
	b, _ := newAppBearer()
	pubDER, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	require.NoError(t, err)
	for name, h := range map[string]string{
		"wrong issuer":          sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example/" })),
		"wrong audience":        sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"no audience":           sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "aud") })),
		"expired":               sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["exp"] = wallNow.Add(-time.Second).Unix() })),
		"no exp":                sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "exp") })),
		"not yet valid":         sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["nbf"] = wallNow.Add(time.Hour).Unix() })),
		"no patient":            sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "patient_guid") })),
		"other key":             sign(t, jwt.SigningMethodRS256, "r1", otherRSA, appClaims(nil)),
		"unknown kid":           sign(t, jwt.SigningMethodRS256, "r9", rsaKey, appClaims(nil)),
		"key of the other type": sign(t, jwt.SigningMethodES256, "r1", ecKey, appClaims(nil)),
		"public key as HMAC":    sign(t, jwt.SigningMethodHS256, "r1", pubDER, appClaims(nil)),
		"RS384":                 sign(t, jwt.SigningMethodRS384, "r1", rsaKey, appClaims(nil)),
		"not a JWT":             "Bearer abc.def",
	} {
		_, err := b.Verify(context.Background(), h, time.Time{})
		assert.ErrorIs(t, err, ErrBadToken, name)
	}
}

// A token accepted once is refused once the provider stops publishing
// its key: remembering it does not outlive the rotation.
func TestBearerForgetsRotatedAwayKeys(t *testing.T) {
	b, ring := newAppBearer()
	h := sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil))
	_, err := b.Verify(context.Background(), h, time.Time{})
	require.NoError(t, err)
	ring.publish(map[string]crypto.PublicKey{"r2": &otherRSA.PublicKey})
	_, err = b.Verify(context.Background(), h, time.Time{})
	assert.ErrorIs(t, err, ErrBadToken)
	ring.publish(map[string]crypto.PublicKey{"r1": &otherRSA.PublicKey})
	_, err = b.Verify(context.Background(), h, time.Time{})
	assert.ErrorIs(t, err, ErrBadToken, "the same kid, another key")
}

// Provider tokens are judged by the wall clock, whatever the mock
// clock says: the provider issued them in real time.
func TestBearerJudgesProviderTokensByTheWallClock(t *testing.T) {
	wall := wallNow
	ring := &keyring{keys: map[string]crypto.PublicKey{"r1": &rsaKey.PublicKey}}
	b := NewBearer("s3cret", func() time.Time { return wall }, Issuer{URL: idp, Audience: "dexcare-api", Keys: ring})
	h := sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil))
	_, err := b.Verify(context.Background(), h, wallNow.Add(48*time.Hour))
	require.NoError(t, err, "the mock clock ran ahead")
	wall = wallNow.Add(time.Hour)
	_, err = b.Verify(context.Background(), h, wallNow)
	assert.ErrorIs(t, err, ErrBadToken, "an hour of wall time later")
}

// Without issuers, Bearer is the HS256 Verifier.
func TestBearerWithoutIssuers(t *testing.T) {
	b := NewBearer("s3cret", nil)
	_, err := b.Verify(context.Background(), sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil)), now)
	assert.ErrorIs(t, err, ErrBadToken)
	sub, err := b.Verify(context.Background(), "Bearer "+mustMint(t, "s3cret"), now)
	require.NoError(t, err)
	assert.Equal(t, patient, sub)
}

// Beside issuers, a token verified once is remembered, not parsed again:
// each call still judges its times, mockdex's own by the mock clock and
// a provider's by the wall clock.
func TestBearerJudgesRememberedTokensOnEveryCall(t *testing.T) {
	b, _ := newAppBearer()
	own, err := Mint("s3cret", patient, now, time.Hour)
	require.NoError(t, err)
	for range 2 {
		sub, err := b.Verify(context.Background(), "Bearer "+own, now)
		require.NoError(t, err)
		assert.Equal(t, patient, sub)
	}
	_, err = b.Verify(context.Background(), "Bearer "+own, now.Add(2*time.Hour))
	assert.ErrorIs(t, err, ErrBadToken, "the mock clock past its exp")
	_, err = b.Verify(context.Background(), "Bearer "+own, now.Add(-time.Hour))
	require.NoError(t, err, "the mock clock set back before exp")

	app := sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil))
	_, err = b.Verify(context.Background(), app, now)
	require.NoError(t, err)
	b.wall = func() time.Time { return wallNow.Add(2 * time.Hour) }
	_, err = b.Verify(context.Background(), app, now)
	assert.ErrorIs(t, err, ErrBadToken, "the wall clock past its exp")
}
