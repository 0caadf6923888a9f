package oidc

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/mockdex/mockdex/internal/jwks"
)

// serveDiscovery answers OpenID Connect Discovery 1.0: what a client
// library reads to find every other endpoint.
func (p *Provider) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	iss := p.issuerURL(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"authorization_endpoint":                iss + "/authorize",
		"token_endpoint":                        iss + "/token",
		"userinfo_endpoint":                     iss + "/userinfo",
		"jwks_uri":                              iss + "/jwks",
		"end_session_endpoint":                  iss + "/logout",
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query"},
		"grant_types_supported":                 []string{"authorization_code", "password"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256", "plain"},
		"token_endpoint_auth_methods_supported": []string{"none", "client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"openid", "profile", "email"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "given_name", "family_name", "email"},
	})
}

// serveKeys publishes the issuer's public key as a JSON Web Key Set.
func (p *Provider) serveKeys(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	key, kid, err := p.signingKey()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, oauthError{"server_error", "no signing key"})
		return
	}
	set, err := jwks.Encode(jwks.Key{ID: kid, Alg: "RS256", Pub: &key.PublicKey})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, oauthError{"server_error", "no signing key"})
		return
	}
	writeJSON(w, http.StatusOK, json.RawMessage(set))
}

// oauthError is RFC 6749's error body.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client hung up
}

// onlyMethods answers 405 to any other method.
func onlyMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeJSON(w, http.StatusMethodNotAllowed, oauthError{"invalid_request", "method not allowed"})
	return false
}
