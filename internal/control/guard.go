package control

import (
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/auth"
)

// MaxBody caps every control-plane request body.
const MaxBody = 64 << 10

// guard refuses what a browser could be tricked into sending and what an
// unauthorised caller sends; on success it returns the request with its
// body capped (MaxBody; MaxStateBody for a state import). The checks, in order:
//
//   - Host must be an IP literal, localhost or an AdminHosts name. A DNS
//     rebinding attack reaches the mock under the attacker's own name,
//     which no one has listed.
//   - Origin, when sent, must be the mock's own (its host and port match
//     Host), and Sec-Fetch-Site must not say cross-site: a page on another
//     site cannot drive the mock from a developer's browser.
//   - With an AdminToken, the token must be presented.
//   - Writes (POST, PUT, PATCH, DELETE) must be JSON, which a cross-site
//     form or no-cors fetch cannot send without a CORS preflight the mock
//     never grants; the dashboard's own forms carry the per-process token
//     instead.
//   - A body declared over its cap is refused before it is read.
func (c *Control) guard(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	switch {
	case !c.hostAllowed(r.Host):
		adminError(w, http.StatusForbidden, fmt.Sprintf("the control plane does not answer to Host %q: use an IP address or localhost, or start mockdex with --admin-host NAME", r.Host))
	case !sameOrigin(r):
		adminError(w, http.StatusForbidden, "cross-origin requests to the control plane are refused")
	case c.opts.AdminToken != "" && !c.authorized(r):
		w.Header().Add("WWW-Authenticate", `Basic realm="mockdex control plane", charset="UTF-8"`)
		w.Header().Add("WWW-Authenticate", `Bearer realm="mockdex control plane"`)
		adminError(w, http.StatusUnauthorized, "the control plane needs the admin token: Authorization: Bearer $MOCKDEX_ADMIN_TOKEN")
	case isWrite(r.Method) && !isForm(r) && !isJSON(r):
		adminError(w, http.StatusUnsupportedMediaType, "control-plane writes must be sent with Content-Type: application/json")
	case r.ContentLength > bodyLimit(r):
		bodyTooLarge(w, bodyLimit(r))
	default:
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(r))
		}
		return r, true
	}
	return r, false
}

// hostAllowed says whether a Host header names this mock in a way no
// other site can: an IP literal, localhost, or a name the user listed.
func (c *Control) hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.Trim(name, "[]"), ".")
	switch {
	case name == "":
		return false
	case net.ParseIP(name) != nil, strings.EqualFold(name, "localhost"):
		return true
	}
	return slices.ContainsFunc(c.opts.AdminHosts, func(h string) bool { return strings.EqualFold(h, name) })
}

// sameOrigin says whether a browser request comes from the mock's own
// pages; requests without Origin (curl, Go clients, top-level
// navigation) pass.
func sameOrigin(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// authorized checks the admin token, sent as a bearer token or as a
// Basic password (any user name).
func (c *Control) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	switch strings.ToLower(scheme) {
	case "bearer":
		return auth.Equal(strings.TrimSpace(cred), c.opts.AdminToken)
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
		_, pass, ok := strings.Cut(string(raw), ":")
		return err == nil && ok && auth.Equal(pass, c.opts.AdminToken)
	}
	return false
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

func isJSON(r *http.Request) bool { return mediaType(r) == "application/json" }

// isForm says whether a request is one of the dashboard's forms, which
// prove their origin with the per-process token (checked by the form's
// handler) rather than with a JSON content type.
func isForm(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, dashboardFormPrefix) &&
		mediaType(r) == "application/x-www-form-urlencoded"
}

func mediaType(r *http.Request) string {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// Guarded serves h behind the control plane's guard: the same Host,
// Origin and admin-token checks (mockdex's /metrics on the API's port).
func (c *Control) Guarded(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r, ok := c.guard(w, r); ok {
			h.ServeHTTP(w, r)
		}
	})
}
