package oidc

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// Bounds of the authorization codes waiting to be redeemed: a code lives
// as long as a redirect takes, and a flood of sign-ins cannot grow memory.
const (
	codeLife = 2 * time.Minute
	maxCodes = 1000
)

// grant is what a code stands for.
type grant struct {
	clientID, redirectURI string
	challenge, method     string // PKCE; challenge "" when none was sent
	nonce, scope          string
	patient               Patient
	authTime              time.Time
	expires               time.Time
}

// codes are the authorization codes issued and not yet redeemed.
type codes struct {
	mu      sync.Mutex // guards pending
	pending map[string]grant
}

func newCodes() *codes { return &codes{pending: map[string]grant{}} }

// issue stores g under a new code. Past maxCodes, expired codes go
// first, then the ones nearest to expiry.
func (c *codes) issue(g grant, now time.Time) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand does not fail
	code := base64.RawURLEncoding.EncodeToString(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) >= maxCodes {
		c.evict(now)
	}
	c.pending[code] = g
	return code
}

func (c *codes) evict(now time.Time) {
	var oldest string
	for code, g := range c.pending {
		if !now.Before(g.expires) {
			delete(c.pending, code)
		} else if oldest == "" || g.expires.Before(c.pending[oldest].expires) {
			oldest = code
		}
	}
	if len(c.pending) >= maxCodes {
		delete(c.pending, oldest)
	}
}

// redeem takes a code's grant: once only, and before it expires.
func (c *codes) redeem(code string, now time.Time) (grant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.pending[code]
	delete(c.pending, code)
	return g, ok && now.Before(g.expires)
}
