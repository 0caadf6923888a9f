package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/jwks"
)

// summaryStatus asks for an unknown visit's summary with token: 404
// means the token was accepted, 401 refused.
func summaryStatus(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/9/visits/00000000-0000-0000-0000-000000000000/summary", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// --jwt-issuer, --jwt-audience, --jwt-jwks-url and --jwt-patient-claim
// accept the app's provider's tokens; the reason a token is refused is
// logged (never the token).
func TestServeAcceptsTheProvidersTokens(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	set, err := jwks.Encode(jwks.Key{ID: "k1", Alg: "RS256", Pub: &key.PublicKey})
	require.NoError(t, err)
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(set) }))
	defer idp.Close()
	sign := func(aud string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "https://idp.example/", "aud": aud,
			"patient": joe, "exp": time.Now().Add(time.Hour).Unix()})
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(key)
		require.NoError(t, err)
		return s
	}
	addr, _, logs := serveLogged(t, "--addr", "127.0.0.1:0", "--history-days", "0", "--jwt-issuer", "https://idp.example/",
		"--jwt-audience", "dexcare", "--jwt-jwks-url", idp.URL, "--jwt-patient-claim", "patient")
	base := "http://" + addr

	assert.Equal(t, http.StatusNotFound, summaryStatus(t, base, sign("dexcare")), "accepted: the visit is unknown")
	refusedToken := sign("someone-else")
	assert.Equal(t, http.StatusUnauthorized, summaryStatus(t, base, refusedToken))
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "patient token refused") }, 5*time.Second, 10*time.Millisecond)
	assert.Contains(t, logs.String(), `audience is not \"dexcare\"`)
	assert.NotContains(t, logs.String(), refusedToken)
}

// The mock's own issuer is served by default and named at start; a
// locked-down mock (an admin token) serves none unless --oidc says so.
func TestServeOIDCIssuer(t *testing.T) {
	addr, stdout := serveUntilStopped(t, "--addr", "127.0.0.1:0", "--history-days", "0")
	base := "http://" + addr
	assert.Contains(t, stdout.String(), "OpenID issuer "+base+"/oidc")
	resp, err := http.PostForm(base+"/oidc/token", url.Values{"grant_type": {"password"}, "username": {joe}})
	require.NoError(t, err)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, summaryStatus(t, base, tok.AccessToken), "accepted")
}

func TestOIDCFollowsTheLock(t *testing.T) {
	for name, tc := range map[string]struct {
		env  string
		args []string
		want bool
	}{
		"default":                {want: true},
		"admin token":            {env: "s3cret"},
		"no admin":               {args: []string{"--no-admin"}},
		"admin token and --oidc": {env: "s3cret", args: []string{"--oidc"}, want: true},
		"--oidc=false":           {args: []string{"--oidc=false"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("MOCKDEX_ADMIN_TOKEN", tc.env)
			_, opts, err := parseServe(append(tc.args, "--addr", "127.0.0.1:0"), &syncBuffer{}, &syncBuffer{}, &syncBuffer{})
			require.NoError(t, err)
			assert.Equal(t, !tc.want, opts.NoOIDC)
		})
	}
}

func TestSignInFlagsRefused(t *testing.T) {
	for name, args := range map[string][]string{
		"issuer without audience": {"--jwt-issuer", "https://idp.example/"},
		"audience without issuer": {"--jwt-audience", "x"},
		"claim without issuer":    {"--jwt-patient-claim", "patient"},
		"not a URL":               {"--jwt-issuer", "idp.example", "--jwt-audience", "x"},
		"origin with a path":      {"--cors-origins", "http://localhost:3000/"},
	} {
		code, _, stderr := runMockdex(append(args, "--addr", "127.0.0.1:0", "--history-days", "0")...)
		assert.NotEqual(t, exitOK, code, name)
		assert.Contains(t, stderr, "mockdex:", name)
	}
}
