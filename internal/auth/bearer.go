package auth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Bearer checks patient bearer tokens of every kind a mock accepts:
// mockdex's own HS256 tokens (Verifier, judged by the mock clock) and the
// tokens of configured issuers (judged by the wall clock, as the app's
// identity provider issues them). A token's alg header picks: HS256 goes
// to the secret, anything else to the issuer its iss names.
type Bearer struct {
	hs      *Verifier
	issuers []*Issuer
	wall    func() time.Time
	mu      sync.RWMutex // guards seen
	seen    map[[sha256.Size]byte]issued
}

// NewBearer accepts tokens signed with secret and tokens of issuers;
// wall is the wall clock issuer tokens are judged by (nil: time.Now).
func NewBearer(secret string, wall func() time.Time, issuers ...Issuer) *Bearer {
	if wall == nil {
		wall = time.Now
	}
	b := &Bearer{hs: NewVerifier(secret), wall: wall, seen: map[[sha256.Size]byte]issued{}}
	for i := range issuers {
		b.issuers = append(b.issuers, &issuers[i])
	}
	return b
}

// Verify checks an Authorization header value "Bearer JWT" and returns
// the patient it names; mockNow is the mock clock's time, which
// mockdex's own tokens are judged by.
func (b *Bearer) Verify(ctx context.Context, header string, mockNow time.Time) (string, error) {
	scheme, raw, _ := splitScheme(header)
	if !strings.EqualFold(scheme, schemeBearer) || raw == "" || len(b.issuers) == 0 {
		return b.hs.Verify(header, mockNow) // which names what is wrong with the header
	}
	// A token verified before is judged by what was remembered of it,
	// as the paths below would judge it: parsing it again only to read
	// its alg and issuer cost more than all the rest of the check.
	key := sha256.Sum256([]byte(raw))
	if own, ok := b.hs.lookup(key); ok {
		if err := own.validAt(mockNow); err != nil {
			return "", err
		}
		return own.sub, nil
	}
	t, ok := b.remembered(ctx, key)
	if !ok {
		var claims jwt.RegisteredClaims
		tok, _, err := jwt.NewParser().ParseUnverified(raw, &claims)
		if err != nil {
			return "", refused(MalformedToken, err)
		}
		if tok.Method.Alg() == jwt.SigningMethodHS256.Alg() {
			return b.hs.Verify(header, mockNow)
		}
		if t, err = b.issued(ctx, key, raw, claims.Issuer); err != nil {
			return "", err
		}
	}
	if err := t.validAt(b.wall()); err != nil {
		return "", err
	}
	return t.sub, nil
}

// remembered is the verification of the issuer token whose SHA-256 is
// key, if one is remembered and the key that signed it still stands.
func (b *Bearer) remembered(ctx context.Context, key [sha256.Size]byte) (issued, bool) {
	b.mu.RLock()
	t, ok := b.seen[key]
	b.mu.RUnlock()
	return t, ok && t.stillSigned(ctx)
}

// issued verifies raw (whose SHA-256 is key) afresh, by the issuer iss
// names, and remembers it.
func (b *Bearer) issued(ctx context.Context, key [sha256.Size]byte, raw, iss string) (issued, error) {
	var issuer *Issuer
	for _, i := range b.issuers {
		if i.matches(iss) {
			issuer = i
			break
		}
	}
	if issuer == nil {
		return issued{}, refused(UnknownIssuer, fmt.Errorf("no issuer %q is configured", iss))
	}
	t, err := issuer.parseIssued(ctx, raw)
	if err != nil {
		b.forget(key)
		return issued{}, err
	}
	b.remember(key, t)
	return t, nil
}

func (b *Bearer) remember(key [sha256.Size]byte, t issued) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.seen) >= verifiedMax {
		clear(b.seen)
	}
	b.seen[key] = t
}

func (b *Bearer) forget(key [sha256.Size]byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.seen, key)
}
