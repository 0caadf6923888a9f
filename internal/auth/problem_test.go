package auth

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each way a patient's bearer token goes wrong is named, and the error
// still is ErrBadToken (DexCare's one answer for all of them).
func TestBearerProblems(t *testing.T) {
	good := mustMint(t, "s3cret")
	parts := strings.Split(good, ".")
	header := func(h map[string]any) string {
		return base64.RawURLEncoding.EncodeToString(mustJSON(t, h))
	}
	noExp, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": patient}).SignedString([]byte("s3cret"))
	require.NoError(t, err)
	notYet, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Subject: patient,
		NotBefore: jwt.NewNumericDate(now.Add(time.Minute)), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}).SignedString([]byte("s3cret"))
	require.NoError(t, err)
	for _, tc := range []struct {
		header string
		at     time.Time
		want   Problem
	}{
		{"", now, NoCredential},
		{"   ", now, NoCredential},
		{good, now, NoScheme},
		{"dc-token " + good, now, WrongScheme},
		{"Basic dXNlcjpwYXNz", now, WrongScheme},
		{"Bearer", now, MalformedToken},
		{"Bearer SECRET_TOKEN", now, MalformedToken},
		{"Bearer a.b", now, MalformedToken},
		{"Bearer " + header(map[string]any{"alg": "none", "typ": "JWT"}) + "." + parts[1] + ".", now, AlgNone},
		{"Bearer " + header(map[string]any{"alg": "HS512", "typ": "JWT"}) + "." + parts[1] + "." + parts[2], now, WrongAlgorithm},
		{"Bearer " + parts[0] + "." + parts[1] + ".AAAA", now, BadSignature},
		{"Bearer " + mustMint(t, "other"), now, BadSignature},
		{"Bearer " + noExp, now, MissingClaim},
		{"Bearer " + good, now.Add(2 * time.Hour), Expired},
		{"Bearer " + notYet, now, NotYetValid},
	} {
		_, err := NewVerifier("s3cret").Verify(tc.header, tc.at)
		require.ErrorIs(t, err, ErrBadToken, tc.want)
		assert.Equal(t, tc.want, ProblemOf(err), "header %.30q", tc.header)
		assert.NotContains(t, err.Error(), good, "the error never repeats the token")
	}
	_, err = NewVerifier("s3cret").Verify("bearer "+good, now)
	assert.NoError(t, err, "the scheme is case-insensitive")
}

// A remembered good token still fails by its times, with the time named.
func TestRememberedTokenNamesExpiry(t *testing.T) {
	v := NewVerifier("s3cret")
	tok := "Bearer " + mustMint(t, "s3cret")
	_, err := v.Verify(tok, now)
	require.NoError(t, err)
	_, err = v.Verify(tok, now.Add(2*time.Hour))
	assert.Equal(t, Expired, ProblemOf(err))
}

func TestServiceTokenProblems(t *testing.T) {
	jwtLike := mustMint(t, "s3cret")
	for header, want := range map[string]Problem{
		"dc-token SECRET_TOKEN": "",
		"DC-Token SECRET_TOKEN": "",
		"":                      NoCredential,
		"dc-token ":             NoCredential,
		"Bearer SECRET_TOKEN":   WrongScheme,
		"SECRET_TOKEN":          NoScheme,
		"dc-token WRONG":        UnknownKey,
		"dc-token " + jwtLike:   WrongCredential,
	} {
		assert.Equal(t, want, ServiceTokenProblem(header, "SECRET_TOKEN"), "%.30q", header)
	}
}

func TestAPIKeyProblems(t *testing.T) {
	assert.Equal(t, Problem(""), APIKeyProblem("k", "k"))
	assert.Equal(t, NoCredential, APIKeyProblem("", "k"))
	assert.Equal(t, UnknownKey, APIKeyProblem("x", "k"))
}

func TestAbsentNamesTheOtherCredential(t *testing.T) {
	h := http.Header{}
	assert.Equal(t, NoCredential, Absent(h, NeedsAuthorization))
	h.Set("x-api-key", "k")
	assert.Equal(t, WrongCredential, Absent(h, NeedsAuthorization), "x-api-key where a bearer is required")
	h = http.Header{"Authorization": {"Bearer t"}}
	assert.Equal(t, WrongCredential, Absent(h, NeedsAPIKey), "a bearer where x-api-key is required")
}

// The table is the vocabulary: every entry distinct, described, and
// listed in the admin API docs, so a kind added by a new credential is
// documented before it ships.
func TestProblemsTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/admin-api.md")
	require.NoError(t, err)
	seen := map[Problem]bool{}
	for _, pi := range Problems {
		assert.False(t, seen[pi.Problem], "%s listed twice", pi.Problem)
		seen[pi.Problem] = true
		assert.NotEmpty(t, pi.Means, pi.Problem)
		assert.NotEmpty(t, pi.Fix, pi.Problem)
		got, ok := pi.Problem.Info()
		assert.True(t, ok)
		assert.Equal(t, pi, got)
		assert.True(t, strings.Contains(string(doc), "`"+string(pi.Problem)+"`"), "docs/admin-api.md lists %s", pi.Problem)
	}
}

func mustJSON(t *testing.T, v map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// An identity provider's tokens name their mistakes too: the issuer and
// audience, the key, the algorithm, the claims and the times.
func TestIssuerTokenProblems(t *testing.T) {
	b, _ := newAppBearer()
	pubDER, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	require.NoError(t, err)
	for _, tc := range []struct {
		header string
		want   Problem
	}{
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example/" })), UnknownIssuer},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })), WrongAudience},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "aud") })), WrongAudience},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["exp"] = wallNow.Add(-time.Second).Unix() })), Expired},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "exp") })), MissingClaim},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { c["nbf"] = wallNow.Add(time.Hour).Unix() })), NotYetValid},
		{sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(func(c jwt.MapClaims) { delete(c, "patient_guid") })), MissingClaim},
		{sign(t, jwt.SigningMethodRS256, "r1", otherRSA, appClaims(nil)), BadSignature},
		{sign(t, jwt.SigningMethodRS256, "r9", rsaKey, appClaims(nil)), UnknownKey},
		{sign(t, jwt.SigningMethodES256, "r1", ecKey, appClaims(nil)), BadSignature},
		{sign(t, jwt.SigningMethodHS256, "r1", pubDER, appClaims(nil)), BadSignature},
		{sign(t, jwt.SigningMethodRS384, "r1", rsaKey, appClaims(nil)), WrongAlgorithm},
		{"Bearer abc.def", MalformedToken},
		{strings.TrimPrefix(sign(t, jwt.SigningMethodRS256, "r1", rsaKey, appClaims(nil)), "Bearer "), NoScheme},
	} {
		_, err := b.Verify(context.Background(), tc.header, time.Time{})
		require.ErrorIs(t, err, ErrBadToken, tc.want)
		assert.Equal(t, tc.want, ProblemOf(err), "%v", err)
	}
}
