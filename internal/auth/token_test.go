package auth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

const patient = "233441f4-129f-4d0e-afaa-b3009dbe80c7"

func TestMintedTokenVerifies(t *testing.T) {
	tok, err := Mint("s3cret", patient, now, time.Hour)
	require.NoError(t, err)
	sub, err := VerifyBearer("Bearer "+tok, "s3cret", now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, patient, sub)
}

func TestRefusedTokens(t *testing.T) {
	good, err := Mint("s3cret", patient, now, time.Hour)
	require.NoError(t, err)
	parts := strings.Split(good, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	for name, tc := range map[string]struct {
		header string
		at     time.Time
	}{
		"alg none":      {"Bearer " + none, now},
		"bad signature": {"Bearer " + parts[0] + "." + parts[1] + ".AAAA", now},
		"other secret":  {"Bearer " + mustMint(t, "other"), now},
		"expired":       {"Bearer " + good, now.Add(2 * time.Hour)},
		"no scheme":     {good, now},
		"empty":         {"", now},
	} {
		_, err := VerifyBearer(tc.header, "s3cret", tc.at)
		assert.ErrorIs(t, err, ErrBadToken, name)
	}
}

func mustMint(t *testing.T, secret string) string {
	tok, err := Mint(secret, patient, now, time.Hour)
	require.NoError(t, err)
	return tok
}

func TestServiceToken(t *testing.T) {
	assert.True(t, ServiceToken("dc-token SECRET_TOKEN", "SECRET_TOKEN"))
	assert.True(t, ServiceToken("DC-Token SECRET_TOKEN", "SECRET_TOKEN"))
	assert.False(t, ServiceToken("dc-token WRONG", "SECRET_TOKEN"))
	assert.False(t, ServiceToken("Bearer SECRET_TOKEN", "SECRET_TOKEN"))
	assert.False(t, ServiceToken("", "SECRET_TOKEN"))
}
