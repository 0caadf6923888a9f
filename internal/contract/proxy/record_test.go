package proxy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/mirror"
)

// Recording keeps the tier's answers to the mirror's read-only calls,
// redacted, and nothing else.
func TestRecordingKeepsReadOnlyAnswersRedacted(t *testing.T) {
	tier, mock := driftedTier(t, drift.PassThrough())
	dir := t.TempDir()
	p, url := start(t, proxy.Options{Upstreams: tier, RecordDir: dir})
	creds := mock.Target(nil).Creds
	bearer, err := creds.Bearer("233441f4-129f-4d0e-afaa-b3009dbe80c7")
	require.NoError(t, err)

	call(t, "GET", url+"/api/8/practices/"+practiceID, "")
	call(t, "GET", url+"/api/9/modalities?archived=true", "")
	call(t, "POST", url+"/v1/reporting/providerhistories",
		`{"startDate":"2024-05-20T00:00:00Z","endDate":"2024-06-03T16:00:00Z","actorFirstName":"Zelphine","limit":5}`,
		"Authorization", "dc-token "+creds.ServiceKey)
	call(t, "GET", url+"/api/9/visits/00000000-0000-4000-8000-000000000000/summary", "", "Authorization", "Bearer "+bearer)
	settled(t, p)

	got, err := mirror.LoadSeen(dir)
	require.NoError(t, err)
	var ops []string
	for _, a := range got {
		ops = append(ops, a.OperationID)
	}
	assert.Equal(t, []string{"getModalities", "getPractice", "searchProviderHistories"}, ops, "read-only calls only")
	for _, a := range got {
		if a.OperationID == "searchProviderHistories" {
			assert.JSONEq(t, `{"startDate":"2024-05-20T00:00:00Z","endDate":"2024-06-03T16:00:00Z","actorFirstName":"[redacted]","limit":5}`, string(a.RequestBody))
		}
		if a.OperationID == "getModalities" {
			assert.Equal(t, "true", a.Query["archived"])
		}
	}
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			assert.False(t, strings.Contains(string(b), "Zelphine"), path)
			assert.False(t, strings.Contains(string(b), creds.ServiceKey), path)
		}
		return nil
	})
}
