package mock

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/jwks"
	"github.com/mockdex/mockdex/internal/oidc"
)

// TokenIssuer is the app's identity provider: its patient tokens are
// accepted besides mockdex's own, checked against its published keys.
type TokenIssuer struct {
	// URL is the iss its tokens carry; "" means none.
	URL string
	// Audience must be among the tokens' aud (the API's identifier at the
	// provider). Required with URL.
	Audience string
	// JWKSURL is where its keys are published; "" reads jwks_uri from
	// URL + "/.well-known/openid-configuration".
	JWKSURL string
	// PatientClaim names the claim holding the patient GUID; "" is sub.
	PatientClaim string
	// Client fetches its keys (nil: one with a 5 s timeout and the
	// system's roots and proxies).
	Client *http.Client
	// Now is the wall clock its tokens are judged by (nil: time.Now).
	Now func() time.Time
}

func (t TokenIssuer) check() error {
	if t.URL == "" {
		if t.Audience != "" || t.JWKSURL != "" || t.PatientClaim != "" {
			return errors.New("a token issuer's audience, JWKS URL or patient claim needs its URL")
		}
		return nil
	}
	if t.Audience == "" {
		return fmt.Errorf("token issuer %s: its audience is required (the aud its tokens carry for DexCare's API)", t.URL)
	}
	for _, u := range []string{t.URL, t.JWKSURL} {
		if p, err := url.Parse(u); u != "" && (err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "") {
			return fmt.Errorf("token issuer: %q is not an http or https URL", u)
		}
	}
	return nil
}

func (t TokenIssuer) issuer() auth.Issuer {
	return auth.Issuer{URL: t.URL, Audience: t.Audience, PatientClaim: t.PatientClaim,
		Keys: jwks.NewRemote(jwks.Options{URL: t.JWKSURL, Issuer: t.URL, Client: t.Client, Now: t.Now})}
}

// signIn builds mockdex's own issuer (unless NoOIDC) and the issuers
// whose tokens the gate accepts.
func signIn(o Options, tmpl *fakes.Template) (*oidc.Provider, []auth.Issuer, error) {
	if err := o.TokenIssuer.check(); err != nil {
		return nil, nil, err
	}
	var issuers []auth.Issuer
	if o.TokenIssuer.URL != "" {
		issuers = append(issuers, o.TokenIssuer.issuer())
	}
	if o.NoOIDC {
		return nil, issuers, nil
	}
	var patients []oidc.Patient
	for _, p := range tmpl.Options().Fixtures.Patients {
		patients = append(patients, oidc.Patient{GUID: p.PatientGUID, GivenName: p.FirstName, FamilyName: p.LastName, Email: p.Email})
	}
	p := oidc.New(oidc.Options{Patients: patients, BaseURL: o.BaseURL})
	return p, append(issuers, p.Issuer()), nil
}
