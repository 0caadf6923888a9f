package auth

import (
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// verifiedMax bounds the tokens a Verifier remembers. A client keeps its
// token for many requests, so a few hundred cover any test run; past the
// bound the memory is dropped and tokens are verified afresh.
const verifiedMax = 1024

// Verifier checks bearer tokens signed with one secret. A token's
// signature and claims are checked once; its times are checked on every
// request, against that request's mock time (the mock clock may move
// either way). It remembers tokens by their SHA-256, never the token
// itself, so no credential is kept past its request.
type Verifier struct {
	secret string
	mu     sync.RWMutex // guards seen
	seen   map[[sha256.Size]byte]bearer
}

// NewVerifier returns a Verifier for tokens signed with secret.
func NewVerifier(secret string) *Verifier {
	return &Verifier{secret: secret, seen: map[[sha256.Size]byte]bearer{}}
}

// Verify is VerifyBearer with the verified claims remembered.
func (v *Verifier) Verify(header string, now time.Time) (string, error) {
	if p := schemeProblem(header, schemeBearer); p != "" {
		return "", refused(p, nil)
	}
	_, raw, _ := splitScheme(header)
	if raw == "" {
		return "", refused(MalformedToken, nil)
	}
	key := sha256.Sum256([]byte(raw))
	b, ok := v.lookup(key)
	if !ok {
		var err error
		if b, err = parseBearer(raw, v.secret); err != nil {
			return "", err
		}
		v.remember(key, b)
	}
	if err := b.validAt(now); err != nil {
		return "", err
	}
	return b.sub, nil
}

// lookup is the remembered verification of the token whose SHA-256 is
// key.
func (v *Verifier) lookup(key [sha256.Size]byte) (bearer, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	b, ok := v.seen[key]
	return b, ok
}

func (v *Verifier) remember(key [sha256.Size]byte, b bearer) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.seen) >= verifiedMax {
		clear(v.seen)
	}
	v.seen[key] = b
}

// ownAlgs are the algorithms of mockdex's own tokens.
var ownAlgs = []string{jwt.SigningMethodHS256.Alg()}

// bearer is what a token with a good signature says: its subject and the
// times it is valid between.
type bearer struct {
	sub      string
	exp, nbf time.Time // nbf zero when the token has none
}

// parseBearer checks the signature (HS256 only, so alg none and
// algorithm swaps fail) and that exp and sub are present; times are
// validAt's.
func parseBearer(raw, secret string) (bearer, error) {
	parser := jwt.NewParser(jwt.WithValidMethods(ownAlgs), jwt.WithoutClaimsValidation())
	var claims jwt.RegisteredClaims
	tok, err := parser.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return []byte(secret), nil })
	if err != nil {
		return bearer{}, refused(parseProblem(tok, err, ownAlgs), err)
	}
	switch {
	case claims.ExpiresAt == nil:
		return bearer{}, refused(MissingClaim, errors.New("no exp"))
	case claims.Subject == "":
		return bearer{}, refused(MissingClaim, errors.New("no subject"))
	}
	b := bearer{sub: claims.Subject, exp: claims.ExpiresAt.Time}
	if claims.NotBefore != nil {
		b.nbf = claims.NotBefore.Time
	}
	return b, nil
}

// validAt judges the token's times as golang-jwt does with no leeway:
// valid before exp, and from nbf on.
func (b bearer) validAt(now time.Time) error {
	switch {
	case !now.Before(b.exp):
		return refused(Expired, jwt.ErrTokenExpired)
	case !b.nbf.IsZero() && now.Before(b.nbf):
		return refused(NotYetValid, jwt.ErrTokenNotValidYet)
	}
	return nil
}

// parseProblem names the mistake behind golang-jwt's refusal of tok
// (which it returns partly parsed), for a parser that accepts algs: the
// algorithm is read from the header, since the library reports an
// unaccepted one as a bad signature, and a key the keyfunc could not find
// (an issuer's kid it does not publish) is an unknown key.
func parseProblem(tok *jwt.Token, err error, algs []string) Problem {
	if errors.Is(err, jwt.ErrTokenMalformed) || tok == nil {
		return MalformedToken
	}
	alg, _ := tok.Header["alg"].(string)
	switch {
	case strings.EqualFold(alg, "none"):
		return AlgNone
	case !slices.Contains(algs, alg):
		return WrongAlgorithm
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return UnknownKey
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return BadSignature
	}
	return MalformedToken
}
