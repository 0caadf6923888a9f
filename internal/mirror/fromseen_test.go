package mirror

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The mirror reads a recording as it reads a tier: the recorded answer to
// the same path, values the recording redacted left out (unseen), and a
// call no recording covers answered as a tier holding nothing, and noted.
func TestSeenTierAnswersFromTheRecording(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)
	_, err := SaveSeen(dir, SeenAnswer{Method: "GET", Path: "/api/8/practices/p1", Status: 200, ContentType: "application/json", SeenAt: at,
		Body: []byte(`{"id":"p1","displayName":"Acme","practiceRegions":[{"regionCode":"WA","paymentAccountId":"acct_77"}]}`)}, nil)
	require.NoError(t, err)
	seen, err := LoadSeen(dir)
	require.NoError(t, err)
	cfg := SeenConfig(seen)
	require.Len(t, cfg.Practices, 1)
	assert.Equal(t, "p1", cfg.Practices[0].ID)

	tier := NewSeenTier(seen)
	get := func(path string) (int, string) {
		req, err := http.NewRequestWithContext(context.Background(), "GET", RecordedBase+path, nil)
		require.NoError(t, err)
		resp, err := tier.Do(req)
		require.NoError(t, err)
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	code, body := get("/api/8/practices/p1?product=x")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"id":"p1","displayName":"Acme","practiceRegions":[{"regionCode":"WA"}]}`, body, "a redacted value is unseen")
	code, _ = get("/api/8/practices/p2")
	assert.Equal(t, 404, code)
	code, body = get("/api/9/regions/waittimes?practiceId=p1")
	assert.Equal(t, 200, code)
	assert.Equal(t, "[]", body)
	missed := tier.Missed()
	require.Len(t, missed, 2)
	assert.Equal(t, "getAvailabilityAndWaitTimes", missed[0].Where)
	assert.Contains(t, missed[0].What, "no recorded answer for 1 call;")
}
