package oidc

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
)

// Path is where the issuer is mounted; the issuer URL is an origin and
// Path.
const Path = "/oidc"

// Patient is someone who may sign in.
type Patient struct {
	GUID, GivenName, FamilyName, Email string
}

// Options configure the issuer. Every zero value works.
type Options struct {
	// Patients are who may sign in: the fixtures' patients.
	Patients []Patient
	// BaseURL is the origin the issuer is reached at (its URL is
	// BaseURL + Path); "" is the request's own scheme and host.
	BaseURL string
	// Now is the wall clock tokens are issued by (nil: time.Now).
	Now func() time.Time
}

// Provider is the issuer: an http.Handler for the paths under Path.
type Provider struct {
	opts     Options
	patients map[string]Patient // by lower-cased GUID
	codes    *codes
	keyOnce  sync.Once
	key      *rsa.PrivateKey // made on first use: RSA keys take a while to make
	kid      string
	keyErr   error
}

// New returns the issuer for o.
func New(o Options) *Provider {
	if o.Now == nil {
		o.Now = time.Now
	}
	p := &Provider{opts: o, patients: map[string]Patient{}, codes: newCodes()}
	for _, pt := range o.Patients {
		p.patients[strings.ToLower(pt.GUID)] = pt
	}
	return p
}

// ServeHTTP serves the issuer's endpoints (paths under Path).
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimPrefix(r.URL.Path, Path) {
	case "/.well-known/openid-configuration":
		p.serveDiscovery(w, r)
	case "/jwks":
		p.serveKeys(w, r)
	case "/authorize":
		p.serveAuthorize(w, r)
	case "/token":
		p.serveToken(w, r)
	case "/userinfo":
		p.serveUserInfo(w, r)
	case "/logout":
		p.serveLogout(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found", "error_description": "no such endpoint of mockdex's OpenID issuer; see " + Path + "/.well-known/openid-configuration"})
	}
}

// Serves says whether path is the issuer's.
func Serves(path string) bool { return path == Path || strings.HasPrefix(path, Path+"/") }

// issuerURL is the issuer as a client that sent r knows it.
func (p *Provider) issuerURL(r *http.Request) string {
	if p.opts.BaseURL != "" {
		return strings.TrimSuffix(p.opts.BaseURL, "/") + Path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + Path
}

// signingKey is the issuer's key, made on first use.
func (p *Provider) signingKey() (*rsa.PrivateKey, string, error) {
	p.keyOnce.Do(func() {
		p.key, p.keyErr = rsa.GenerateKey(rand.Reader, 2048)
		if p.keyErr == nil {
			sum := sha256.Sum256(p.key.PublicKey.N.Bytes())
			p.kid = base64.RawURLEncoding.EncodeToString(sum[:12])
		}
	})
	return p.key, p.kid, p.keyErr
}

// Key is the issuer's public key (auth.KeySource): the mock checks the
// tokens it issued without a fetch.
func (p *Provider) Key(_ context.Context, kid, alg string) (crypto.PublicKey, error) {
	key, id, err := p.signingKey()
	if err != nil {
		return nil, err
	}
	if (kid != "" && kid != id) || alg != "RS256" {
		return nil, errors.New("not a key of mockdex's issuer")
	}
	return &key.PublicKey, nil
}

// Issuer is this issuer as the mock's gate accepts it: tokens whose iss
// is Path at any origin (the one the client used), any audience (any
// client), the patient in sub, checked with its own key.
func (p *Provider) Issuer() auth.Issuer {
	return auth.Issuer{
		URL:   Path,
		Match: func(iss string) bool { u, err := url.Parse(iss); return err == nil && u.Host != "" && u.Path == Path },
		Keys:  p,
	}
}
