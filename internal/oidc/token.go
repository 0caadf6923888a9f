package oidc

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/mockdex/mockdex/internal/auth"
)

// tokenLife is how long the issuer's tokens are valid, in wall time.
const tokenLife = auth.DefaultTokenLife

// defaultClient is the audience of a password grant that names no client.
const defaultClient = "mockdex-test"

// tokenResponse is RFC 6749 5.1's answer, with OpenID's id_token.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token,omitempty"`
	Scope       string `json:"scope,omitempty"`
}

// serveToken redeems a code (authorization_code) or signs a patient in
// by GUID (password, for tests without a browser).
func (p *Provider) serveToken(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodPost) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		writeJSON(w, http.StatusBadRequest, oauthError{"invalid_request", "send the token request as application/x-www-form-urlencoded"})
		return
	}
	client := r.PostForm.Get("client_id")
	if id, _, ok := r.BasicAuth(); ok && id != "" {
		client = id // client_secret_basic; the secret is not checked
	}
	var g grant
	var bad *oauthError
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		g, bad = p.redeem(r, client)
	case "password":
		g, bad = p.password(r, client)
	default:
		bad = &oauthError{"unsupported_grant_type", "grant_type must be authorization_code or password"}
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	resp, err := p.tokens(r, g)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, oauthError{"server_error", "the token could not be signed"})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// redeem checks a code against the token request: the same client and
// redirect_uri, and the PKCE verifier for its challenge.
func (p *Provider) redeem(r *http.Request, client string) (grant, *oauthError) {
	g, ok := p.codes.redeem(r.PostForm.Get("code"), p.opts.Now())
	switch {
	case !ok:
		return g, &oauthError{"invalid_grant", "the code is unknown, used already or expired"}
	case client != "" && client != g.clientID:
		return g, &oauthError{"invalid_grant", "the code was issued to another client_id"}
	case r.PostForm.Get("redirect_uri") != g.redirectURI:
		return g, &oauthError{"invalid_grant", "redirect_uri is not the one the code was issued for"}
	case !verifierMatches(r.PostForm.Get("code_verifier"), g.challenge, g.method):
		return g, &oauthError{"invalid_grant", "code_verifier does not match the code_challenge"}
	}
	return g, nil
}

// verifierMatches checks RFC 7636's verifier against the challenge.
func verifierMatches(verifier, challenge, method string) bool {
	if challenge == "" {
		return true
	}
	want := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return verifier != "" && subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

// password signs in the patient whose GUID is the username: the
// password is not checked.
func (p *Provider) password(r *http.Request, client string) (grant, *oauthError) {
	pt, ok := p.patients[strings.ToLower(r.PostForm.Get("username"))]
	if !ok {
		return grant{}, &oauthError{"invalid_grant", "username must be the GUID of a patient of the fixtures"}
	}
	if client == "" {
		client = defaultClient
	}
	return grant{clientID: client, scope: r.PostForm.Get("scope"), patient: pt, authTime: p.opts.Now()}, nil
}

// tokens signs the access token (the bearer DexCare's API takes) and,
// for the openid scope, the ID token.
func (p *Provider) tokens(r *http.Request, g grant) (tokenResponse, error) {
	key, kid, err := p.signingKey()
	if err != nil {
		return tokenResponse{}, err
	}
	now := p.opts.Now()
	base := jwt.MapClaims{"iss": p.issuerURL(r), "sub": g.patient.GUID, "aud": g.clientID,
		"iat": now.Unix(), "exp": now.Add(tokenLife).Unix()}
	sign := func(extra jwt.MapClaims) (string, error) {
		claims := jwt.MapClaims{}
		for k, v := range base {
			claims[k] = v
		}
		for k, v := range extra {
			claims[k] = v
		}
		t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		t.Header["kid"] = kid
		return t.SignedString(key)
	}
	resp := tokenResponse{TokenType: "Bearer", ExpiresIn: int(tokenLife / time.Second), Scope: g.scope}
	if resp.AccessToken, err = sign(jwt.MapClaims{"client_id": g.clientID, "scope": g.scope}); err != nil {
		return resp, err
	}
	if !slices.Contains(strings.Fields(g.scope), "openid") {
		return resp, nil
	}
	id := profile(g.patient, g.scope)
	id["auth_time"] = g.authTime.Unix()
	if g.nonce != "" {
		id["nonce"] = g.nonce
	}
	resp.IDToken, err = sign(id)
	return resp, err
}

// profile is the claims the scopes ask for of the patient.
func profile(pt Patient, scope string) jwt.MapClaims {
	c := jwt.MapClaims{}
	scopes := strings.Fields(scope)
	if slices.Contains(scopes, "profile") {
		c["name"] = strings.TrimSpace(pt.GivenName + " " + pt.FamilyName)
		c["given_name"], c["family_name"] = pt.GivenName, pt.FamilyName
	}
	if slices.Contains(scopes, "email") && pt.Email != "" {
		c["email"] = pt.Email
	}
	return c
}
