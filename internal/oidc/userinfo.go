package oidc

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// serveUserInfo answers the signed-in patient's claims for an access
// token this issuer signed.
func (p *Provider) serveUserInfo(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims := jwt.MapClaims{}
	if ok {
		_, err := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(p.opts.Now), jwt.WithExpirationRequired()).
			ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
				kid, _ := t.Header["kid"].(string)
				return p.Key(r.Context(), kid, t.Method.Alg())
			})
		ok = err == nil
	}
	guid, _ := claims["sub"].(string)
	pt, known := p.patients[strings.ToLower(guid)]
	if !ok || !known {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{"invalid_token", "send an access token of this issuer as Authorization: Bearer TOKEN"})
		return
	}
	scope, _ := claims["scope"].(string)
	info := profile(pt, scope)
	info["sub"] = pt.GUID
	writeJSON(w, http.StatusOK, info)
}

// serveLogout ends the session (there is none to end: the issuer keeps
// no sessions) and sends the browser back to the app, or says it is done.
func (p *Provider) serveLogout(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	target := r.URL.Query().Get("post_logout_redirect_uri")
	u, err := url.Parse(target)
	if target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		notice(w, http.StatusOK, "Signed out", "mockdex's issuer keeps no session; the app has forgotten its tokens.")
		return
	}
	if state := r.URL.Query().Get("state"); state != "" {
		q := u.Query()
		q.Set("state", state)
		u.RawQuery = q.Encode()
	}
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}
