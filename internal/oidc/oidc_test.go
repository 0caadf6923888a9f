package oidc_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/jwks"
	"github.com/mockdex/mockdex/internal/oidc"
)

const (
	joe      = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	app      = "http://localhost:3000/callback"
	verifier = "dBjftJeZ4CHB-13mrPj4Lf9ozvGpXYbHuDnN3g0hYkQ"
)

var wall = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	p   *oidc.Provider
	now time.Time
}

func newIssuer() *fixture {
	f := &fixture{now: wall}
	f.p = oidc.New(oidc.Options{Now: func() time.Time { return f.now },
		Patients: []oidc.Patient{{GUID: joe, GivenName: "Joe", FamilyName: "Patient", Email: "joe@example.com"}}})
	return f
}

func (f *fixture) do(method, target string, form url.Values, header ...string) *http.Response {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, "http://127.0.0.1:8080"+target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.p.ServeHTTP(rec, req)
	return rec.Result()
}

func readJSON(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func authorize(extra url.Values) url.Values {
	q := url.Values{"response_type": {"code"}, "client_id": {"my-spa"}, "redirect_uri": {app}, "state": {"s-1"},
		"nonce": {"n-1"}, "scope": {"openid profile email"}, "code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

// code signs Joe in on the login page and returns the code the browser
// brings back to the app.
func (f *fixture) code(t *testing.T, q url.Values) string {
	t.Helper()
	q.Set("patient", joe)
	resp := f.do("POST", "/oidc/authorize", q)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "localhost:3000", back.Host)
	assert.Equal(t, "s-1", back.Query().Get("state"))
	return back.Query().Get("code")
}

func tokenForm(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {app}, "client_id": {"my-spa"}, "code_verifier": {verifier}}
}

// Discovery names every endpoint under the issuer, as the client reached it.
func TestDiscovery(t *testing.T) {
	doc := readJSON(t, newIssuer().do("GET", "/oidc/.well-known/openid-configuration", nil))
	assert.Equal(t, "http://127.0.0.1:8080/oidc", doc["issuer"])
	assert.Equal(t, "http://127.0.0.1:8080/oidc/token", doc["token_endpoint"])
	assert.Equal(t, "http://127.0.0.1:8080/oidc/jwks", doc["jwks_uri"])
	assert.Contains(t, doc["code_challenge_methods_supported"], "S256")
}

// The login page lists the fixtures' patients, each a button that
// carries the app's request on.
func TestLoginPageListsPatients(t *testing.T) {
	resp := newIssuer().do("GET", "/oidc/authorize?"+authorize(nil).Encode(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	page, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(page), `value="`+joe+`"`)
	assert.Contains(t, string(page), "Joe Patient")
	assert.Contains(t, string(page), `name="code_challenge" value="`+challenge(verifier)+`"`)
}

// The authorization code flow with PKCE: the code is redeemed once, by
// the verifier, for an access token the mock's gate accepts for Joe and
// an ID token with the app's nonce and Joe's profile.
func TestAuthorizationCodeFlow(t *testing.T) {
	f := newIssuer()
	code := f.code(t, authorize(nil))
	resp := f.do("POST", "/oidc/token", tokenForm(code))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	tok := readJSON(t, resp)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.EqualValues(t, auth.DefaultTokenLife/time.Second, tok["expires_in"])

	b := auth.NewBearer("unused", func() time.Time { return f.now }, f.p.Issuer())
	sub, err := b.Verify(context.Background(), "Bearer "+tok["access_token"].(string), time.Time{})
	require.NoError(t, err)
	assert.Equal(t, joe, sub)

	id := jwt.MapClaims{}
	_, _, err = jwt.NewParser().ParseUnverified(tok["id_token"].(string), id)
	require.NoError(t, err)
	assert.Equal(t, "n-1", id["nonce"])
	assert.Equal(t, "my-spa", id["aud"])
	assert.Equal(t, "Joe", id["given_name"])
	assert.Equal(t, "joe@example.com", id["email"])
	assert.Equal(t, "http://127.0.0.1:8080/oidc", id["iss"])

	again := readJSON(t, f.do("POST", "/oidc/token", tokenForm(code)))
	assert.Equal(t, "invalid_grant", again["error"], "a code is redeemed once")
}

// A code is refused for another verifier, client or redirect_uri, and
// once it has expired.
func TestCodeRedemptionRefusals(t *testing.T) {
	f := newIssuer()
	for name, mod := range map[string]func(url.Values){
		"verifier":     func(v url.Values) { v.Set("code_verifier", "another-verifier-of-enough-length-0123456789") },
		"no verifier":  func(v url.Values) { v.Del("code_verifier") },
		"client":       func(v url.Values) { v.Set("client_id", "other-app") },
		"redirect_uri": func(v url.Values) { v.Set("redirect_uri", "http://localhost:3000/other") },
		"unknown code": func(v url.Values) { v.Set("code", "nope") },
	} {
		form := tokenForm(f.code(t, authorize(nil)))
		mod(form)
		resp := f.do("POST", "/oidc/token", form)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		assert.Equal(t, "invalid_grant", readJSON(t, resp)["error"], name)
	}
	code := f.code(t, authorize(nil))
	f.now = f.now.Add(3 * time.Minute)
	assert.Equal(t, "invalid_grant", readJSON(t, f.do("POST", "/oidc/token", tokenForm(code)))["error"], "expired")
}

// A plain challenge, and no challenge at all, work too.
func TestPKCEPlainAndNone(t *testing.T) {
	f := newIssuer()
	code := f.code(t, authorize(url.Values{"code_challenge": {verifier}, "code_challenge_method": {"plain"}}))
	assert.Equal(t, http.StatusOK, f.do("POST", "/oidc/token", tokenForm(code)).StatusCode)
	q := authorize(nil)
	q.Del("code_challenge")
	q.Del("code_challenge_method")
	form := tokenForm(f.code(t, q))
	form.Del("code_verifier")
	assert.Equal(t, http.StatusOK, f.do("POST", "/oidc/token", form).StatusCode)
}

// A request whose redirect_uri cannot be trusted gets a page, never a
// redirect; other mistakes go back to the app as errors.
func TestAuthorizeRefusals(t *testing.T) {
	f := newIssuer()
	for _, bad := range []string{"javascript:alert(1)", "/relative", "http://localhost:3000/cb#frag", ""} {
		resp := f.do("GET", "/oidc/authorize?"+authorize(url.Values{"redirect_uri": {bad}}).Encode(), nil)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, bad)
		assert.Empty(t, resp.Header.Get("Location"), bad)
	}
	resp := f.do("GET", "/oidc/authorize?"+authorize(url.Values{"response_type": {"token"}}).Encode(), nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, _ := url.Parse(resp.Header.Get("Location"))
	assert.Equal(t, "unsupported_response_type", back.Query().Get("error"))
	assert.Equal(t, "s-1", back.Query().Get("state"))
}

// login_hint naming a patient signs them in without the page.
func TestLoginHint(t *testing.T) {
	f := newIssuer()
	resp := f.do("GET", "/oidc/authorize?"+authorize(url.Values{"login_hint": {joe}}).Encode(), nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, _ := url.Parse(resp.Header.Get("Location"))
	assert.NotEmpty(t, back.Query().Get("code"))
	resp = f.do("GET", "/oidc/authorize?"+authorize(url.Values{"login_hint": {"not-a-patient"}}).Encode(), nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the page, saying so")
}

// The password grant signs a patient in by GUID, for tests without a
// browser; user info answers for its token.
func TestPasswordGrantAndUserInfo(t *testing.T) {
	f := newIssuer()
	resp := f.do("POST", "/oidc/token", url.Values{"grant_type": {"password"}, "username": {strings.ToUpper(joe)}, "password": {"anything"}, "scope": {"openid profile"}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	tok := readJSON(t, resp)
	info := readJSON(t, f.do("GET", "/oidc/userinfo", nil, "Authorization", "Bearer "+tok["access_token"].(string)))
	assert.Equal(t, joe, info["sub"])
	assert.Equal(t, "Joe Patient", info["name"])
	assert.Nil(t, info["email"], "not asked for")

	assert.Equal(t, http.StatusUnauthorized, f.do("GET", "/oidc/userinfo", nil, "Authorization", "Bearer nope").StatusCode)
	bad := f.do("POST", "/oidc/token", url.Values{"grant_type": {"password"}, "username": {"someone"}})
	assert.Equal(t, "invalid_grant", readJSON(t, bad)["error"])
	bad = f.do("POST", "/oidc/token", url.Values{"grant_type": {"client_credentials"}})
	assert.Equal(t, "unsupported_grant_type", readJSON(t, bad)["error"])
}

// The published key is the one tokens are signed with.
func TestKeysArePublished(t *testing.T) {
	f := newIssuer()
	resp := f.do("GET", "/oidc/jwks", nil)
	body, _ := io.ReadAll(resp.Body)
	keys, err := jwks.Parse(body)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	tok := readJSON(t, f.do("POST", "/oidc/token", url.Values{"grant_type": {"password"}, "username": {joe}}))
	parsed, err := jwt.Parse(tok["access_token"].(string), func(*jwt.Token) (any, error) { return keys[0].Pub, nil },
		jwt.WithTimeFunc(func() time.Time { return f.now }))
	require.NoError(t, err)
	assert.Equal(t, keys[0].ID, parsed.Header["kid"])
}

func TestLogoutReturnsToTheApp(t *testing.T) {
	resp := newIssuer().do("GET", "/oidc/logout?post_logout_redirect_uri="+url.QueryEscape("http://localhost:3000/")+"&state=x", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "http://localhost:3000/?state=x", resp.Header.Get("Location"))
	assert.Equal(t, http.StatusOK, newIssuer().do("GET", "/oidc/logout", nil).StatusCode)
}
