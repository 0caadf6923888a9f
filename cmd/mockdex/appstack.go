package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/mockdex/mockdex/internal/mock"
)

// appStack are serve's flags for an app's own stack: browsers calling
// from another origin (CORS), HTTPS, and the app's own sign-in.
type appStack struct {
	corsOrigins string
	tls         tlsFlags
	// The app's identity provider, whose tokens are accepted.
	issuer mock.TokenIssuer
	// mockdex's own OpenID issuer; oidcSet says the user chose.
	oidc, oidcSet bool
}

func (a *appStack) declare(fs *flag.FlagSet) {
	fs.StringVar(&a.corsOrigins, "cors-origins", env("MOCKDEX_CORS_ORIGINS", "*"), "origins a browser app may call DexCare's API (and the OpenID issuer) from: * (any), off, or a comma-separated list such as http://localhost:3000,https://*.example.org; the control plane never answers cross-origin (MOCKDEX_CORS_ORIGINS)")
	a.tls.declare(fs)
	fs.StringVar(&a.issuer.URL, "jwt-issuer", env("MOCKDEX_JWT_ISSUER", ""), "the app's identity provider: patient tokens whose iss is this URL, signed RS256, ES256 or PS256 with a key it publishes, are accepted besides mockdex's own; needs --jwt-audience (MOCKDEX_JWT_ISSUER)")
	fs.StringVar(&a.issuer.Audience, "jwt-audience", env("MOCKDEX_JWT_AUDIENCE", ""), "the aud the --jwt-issuer's tokens must carry, the API's identifier at the provider (MOCKDEX_JWT_AUDIENCE)")
	fs.StringVar(&a.issuer.JWKSURL, "jwt-jwks-url", env("MOCKDEX_JWT_JWKS_URL", ""), "where the --jwt-issuer publishes its keys; default the jwks_uri of its /.well-known/openid-configuration (MOCKDEX_JWT_JWKS_URL)")
	fs.StringVar(&a.issuer.PatientClaim, "jwt-patient-claim", env("MOCKDEX_JWT_PATIENT_CLAIM", "sub"), "the claim of a --jwt-issuer token that holds the patient GUID (MOCKDEX_JWT_PATIENT_CLAIM)")
	oidc, err := envBool("MOCKDEX_OIDC")
	a.oidcSet = envSet("MOCKDEX_OIDC") && err == nil
	fs.BoolVar(&a.oidc, "oidc", oidc || !a.oidcSet, "serve mockdex's own OpenID issuer at /oidc, which signs the fixtures' patients in and whose tokens the API accepts; default on, but off when the mock is locked down by an admin token or --no-admin, unless given (MOCKDEX_OIDC)")
}

// apply checks the flags and sets what they say in o; noAdmin and
// adminToken say whether the mock is locked down.
func (a *appStack) apply(fs *flag.FlagSet, o *mock.Options) error {
	switch v := strings.TrimSpace(a.corsOrigins); v {
	case "off":
		o.NoCORS = true
	case "", "*":
	default:
		o.CORSOrigins = splitHosts(v)
		if len(o.CORSOrigins) == 0 {
			return errors.New("--cors-origins: want *, off or origins")
		}
	}
	if _, err := envBool("MOCKDEX_OIDC"); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { a.oidcSet = a.oidcSet || f.Name == "oidc" })
	if !a.oidcSet {
		a.oidc = !o.NoAdmin && o.AdminToken == ""
	}
	o.NoOIDC = !a.oidc
	if a.issuer.PatientClaim == "sub" {
		a.issuer.PatientClaim = ""
	}
	if a.issuer.URL == "" && (a.issuer.Audience != "" || a.issuer.JWKSURL != "" || a.issuer.PatientClaim != "") {
		return errors.New("--jwt-audience, --jwt-jwks-url and --jwt-patient-claim go with --jwt-issuer")
	}
	if a.issuer.URL != "" && a.issuer.Audience == "" {
		return errors.New("--jwt-issuer needs --jwt-audience: the aud its tokens carry for DexCare's API")
	}
	o.TokenIssuer = a.issuer
	return a.tls.check()
}

// announce prints, after the listening line, how to trust the TLS
// certificate and where the OpenID issuer is.
func (a *appStack) announce(w io.Writer, served *servingTLS, addr net.Addr, o mock.Options) {
	if served != nil {
		fmt.Fprint(w, served.announce())
	}
	if !o.NoOIDC {
		base := served.scheme() + "://" + addr.String()
		if o.BaseURL != "" {
			base = strings.TrimSuffix(o.BaseURL, "/")
		}
		fmt.Fprintf(w, "OpenID issuer %s/oidc (sign-in for the fixtures' patients; the issuer is the origin a client uses + /oidc)\n", base)
	}
}

// envSet says whether a variable is set, even to "".
func envSet(name string) bool {
	_, ok := os.LookupEnv(name)
	return ok
}
