package auth

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// KeySource finds the public key that signed a token.
type KeySource interface {
	// Key is the key published under kid for alg; with kid "", the one
	// key that fits alg. A source may fetch its keys anew for a kid it
	// does not know, as often as it allows itself to.
	Key(ctx context.Context, kid, alg string) (crypto.PublicKey, error)
}

// Issuer is an identity provider whose patient tokens are accepted: the
// app's own (a JWKS), or mockdex's OpenID issuer.
type Issuer struct {
	// URL is the iss its tokens carry.
	URL string
	// Match, when set, decides instead of URL whether a token's iss is
	// this issuer's (mockdex's own issuer is reached at any host name).
	Match func(iss string) bool
	// Audience must be among the token's aud; "" accepts any (mockdex's
	// own issuer, whose clients are not registered).
	Audience string
	// PatientClaim names the claim that holds the patient GUID; "" is sub.
	PatientClaim string
	// Keys are the issuer's public keys.
	Keys KeySource
}

// IssuerAlgs are the signing algorithms accepted from an issuer: asymmetric
// ones only, so a token cannot pass by being signed with a public key
// as an HMAC secret.
var IssuerAlgs = []string{"RS256", "ES256", "PS256"}

// nbfLeeway allows for an identity provider whose clock is a little
// ahead of this machine's: a token is not refused as not yet valid in
// the seconds after it was issued.
const nbfLeeway = time.Minute

func (i *Issuer) matches(iss string) bool {
	if i.Match != nil {
		return i.Match(iss)
	}
	return iss == i.URL
}

func (i *Issuer) patientClaim() string {
	if i.PatientClaim == "" {
		return "sub"
	}
	return i.PatientClaim
}

// issued is what a verified issuer token says, and the key that signed
// it (a token is honoured only while its key still is).
type issued struct {
	bearer
	issuer   *Issuer
	kid, alg string
	key      crypto.PublicKey
}

// parseIssued checks raw's signature with its issuer's key, then its
// issuer, audience, expiry and patient claim. Times are validAt's.
func (i *Issuer) parseIssued(ctx context.Context, raw string) (issued, error) {
	out := issued{issuer: i}
	parser := jwt.NewParser(jwt.WithValidMethods(IssuerAlgs), jwt.WithoutClaimsValidation())
	claims := jwt.MapClaims{}
	tok, err := parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		out.kid, _ = t.Header["kid"].(string)
		out.alg = t.Method.Alg()
		key, err := i.Keys.Key(ctx, out.kid, out.alg)
		out.key = key
		return key, err
	})
	if err != nil {
		return out, refused(parseProblem(tok, err, IssuerAlgs), err)
	}
	if out.bearer, err = i.checkClaims(claims); err != nil {
		return out, err
	}
	return out, nil
}

func (i *Issuer) checkClaims(claims jwt.MapClaims) (bearer, error) {
	if iss, _ := claims.GetIssuer(); !i.matches(iss) {
		return bearer{}, refused(UnknownIssuer, fmt.Errorf("issuer %q is not %q", iss, i.URL))
	}
	if aud, err := claims.GetAudience(); i.Audience != "" && (err != nil || !slices.Contains(aud, i.Audience)) {
		return bearer{}, refused(WrongAudience, fmt.Errorf("audience is not %q", i.Audience))
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return bearer{}, refused(MissingClaim, errors.New("no exp"))
	}
	sub, _ := claims[i.patientClaim()].(string)
	if sub == "" {
		return bearer{}, refused(MissingClaim, fmt.Errorf("no %s claim naming the patient", i.patientClaim()))
	}
	b := bearer{sub: sub, exp: exp.Time}
	if nbf, err := claims.GetNotBefore(); err != nil {
		return bearer{}, refused(MalformedToken, err)
	} else if nbf != nil {
		b.nbf = nbf.Add(-nbfLeeway)
	}
	return b, nil
}

// stillSigned says whether the key that signed a remembered token is
// still the one its issuer publishes under its kid: a key rotated away
// stops honouring the tokens it signed once the source knows.
func (t issued) stillSigned(ctx context.Context) bool {
	key, err := t.issuer.Keys.Key(ctx, t.kid, t.alg)
	if err != nil {
		return false
	}
	k, ok := key.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(t.key)
}
