package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A remembered token is still judged by each request's time: the mock
// clock can move past its expiry and back again.
func TestVerifierJudgesTimesEveryRequest(t *testing.T) {
	v := NewVerifier("s3cret")
	tok := "Bearer " + mustMint(t, "s3cret")
	sub, err := v.Verify(tok, now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, patient, sub)
	_, err = v.Verify(tok, now.Add(2*time.Hour))
	assert.ErrorIs(t, err, ErrBadToken, "expired")
	_, err = v.Verify(tok, now.Add(time.Hour))
	assert.ErrorIs(t, err, ErrBadToken, "at exp exactly")
	sub, err = v.Verify(tok, now)
	require.NoError(t, err, "the clock moved back")
	assert.Equal(t, patient, sub)
}

// Remembering a good token does not let a token that differs from it
// pass, nor one signed with another secret.
func TestVerifierRefusesNearMisses(t *testing.T) {
	v := NewVerifier("s3cret")
	good := mustMint(t, "s3cret")
	_, err := v.Verify("Bearer "+good, now)
	require.NoError(t, err)
	parts := strings.Split(good, ".")
	for name, header := range map[string]string{
		"bad signature": "Bearer " + parts[0] + "." + parts[1] + ".AAAA",
		"other secret":  "Bearer " + mustMint(t, "other"),
		"no scheme":     good,
	} {
		_, err := v.Verify(header, now)
		assert.ErrorIs(t, err, ErrBadToken, name)
	}
}

// The memory is bounded: past verifiedMax tokens it starts again, and
// every token still verifies.
func TestVerifierBounded(t *testing.T) {
	v := NewVerifier("s3cret")
	for i := range verifiedMax + 10 {
		tok, err := Mint("s3cret", patient, now.Add(time.Duration(i)*time.Second), time.Hour)
		require.NoError(t, err)
		_, err = v.Verify("Bearer "+tok, now.Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, len(v.seen), verifiedMax)
}
