package oidc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Codes waiting to be redeemed are bounded: past maxCodes the expired
// go first, then the nearest to expiry; the newest is always kept.
func TestCodesAreBounded(t *testing.T) {
	c := newCodes()
	now := time.Unix(0, 0)
	var last string
	for i := range maxCodes + 50 {
		at := now.Add(time.Duration(i) * time.Millisecond)
		last = c.issue(grant{expires: at.Add(codeLife)}, at)
	}
	assert.LessOrEqual(t, len(c.pending), maxCodes)
	_, ok := c.redeem(last, now)
	assert.True(t, ok)
}
