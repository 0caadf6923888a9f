// Package oidc is mockdex's own OpenID Connect issuer: for apps whose
// sign-in goes through an identity provider, it stands in for that
// provider in tests, so the app's OIDC client library runs unchanged and
// the tokens it gets are ones DexCare's API (the mock) accepts.
//
// It serves, under Path (/oidc; the issuer is BASE/oidc, BASE being the
// origin a client reached the mock at, or mock.Options.BaseURL):
//
//	/.well-known/openid-configuration   discovery
//	/jwks                               its public key (RS256)
//	/authorize                          the authorization code flow: a page
//	                                    listing the fixtures' patients (PKCE:
//	                                    S256 or plain; login_hint=GUID skips it)
//	/token                              authorization_code, and password
//	                                    (username = a patient GUID) for tests
//	/userinfo                           the signed-in patient's claims
//	/logout                             end of session: back to the app
//
// Tokens are RS256 JWTs whose sub is the patient GUID, issued and judged
// on the wall clock (an app's OIDC library checks them against its own),
// valid for auth.DefaultTokenLife. The signing key is made on first use
// and lives as long as the process. Clients are not registered: any
// client_id and any http(s) redirect_uri are taken, and a client secret,
// if sent, is not checked.
//
// It is a separate prefix, not under /_mockdex/: an app's pages call the
// discovery, key, token and user-info endpoints cross-origin (the mock
// wraps them in the same CORS handling as DexCare's API), which the
// control plane never answers.
package oidc
