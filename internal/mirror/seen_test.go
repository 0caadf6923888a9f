package mirror

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeenAnswersRoundTripRedacted(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)
	practice := SeenAnswer{Method: "GET", Path: "/api/8/practices/p1", Status: 200, ContentType: "application/json", SeenAt: at,
		Body: []byte(`{"id":"p1","displayName":"Acme","practiceRegions":[{"regionCode":"WA","paymentAccountId":"acct_secret_77"}]}`)}
	rel, err := SaveSeen(dir, practice, nil)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(rel, "getPractice"+string(filepath.Separator)))
	again, err := SaveSeen(dir, practice, nil)
	require.NoError(t, err)
	assert.Equal(t, rel, again, "the same request is the same file")

	search := SeenAnswer{Method: "POST", Path: "/v1/reporting/providerhistories", Status: 200, ContentType: "application/json", SeenAt: at,
		RequestBody: []byte(`{"actorFirstName":"Zelphine","limit":5}`),
		Body:        []byte(`{"count":1,"data":[{"id":"e1","actorFirstName":"Zelphine","providerName":"Dr Jenny"}]}`)}
	_, err = SaveSeen(dir, search, url.Values{"email": {"zq@example.org"}})
	require.NoError(t, err)

	got, err := LoadSeen(dir)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "getPractice", got[0].OperationID)
	assert.JSONEq(t, `{"id":"p1","displayName":"Acme","practiceRegions":[{"regionCode":"WA","paymentAccountId":"[redacted]"}]}`, string(got[0].Body))
	assert.Equal(t, "searchProviderHistories", got[1].OperationID)
	assert.Equal(t, at, got[1].SeenAt)
	assert.Contains(t, string(got[1].Body), "Dr Jenny", "a provider's name is the tier's configuration")

	var all strings.Builder
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	for _, secret := range []string{"acct_secret_77", "Zelphine", "zq@example.org"} {
		assert.NotContains(t, all.String(), secret)
	}
}

func TestSeenRefusesWritesAndFailures(t *testing.T) {
	dir := t.TempDir()
	_, err := SaveSeen(dir, SeenAnswer{Method: "POST", Path: "/api/9/visits", Status: 200, Body: []byte(`{}`)}, nil)
	assert.ErrorContains(t, err, "not a read-only call")
	_, err = SaveSeen(dir, SeenAnswer{Method: "GET", Path: "/api/9/modalities", Status: 500, Body: []byte(`{}`)}, nil)
	assert.Error(t, err)
	_, err = SaveSeen(dir, SeenAnswer{Method: "GET", Path: "/api/9/modalities", Status: 200, Body: []byte(`<html>`)}, nil)
	assert.Error(t, err)
	got, err := LoadSeen(dir)
	require.NoError(t, err)
	assert.Empty(t, got)
}
