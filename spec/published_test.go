package spec

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/spec/facts"
)

func TestPublishedFactsLoad(t *testing.T) {
	names := PublishedNames()
	require.Equal(t, []string{"care-options-v1.json", "slots-availability-v5.json", "visit-booking-v1.json", "visit-service-v9.json"}, names)
	for _, name := range names {
		raw, err := fs.ReadFile(Published(), name)
		require.NoError(t, err)
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		require.NoError(t, err, name)
		assert.NotEmpty(t, doc.Paths.Map(), name)
		assert.NotEmpty(t, doc.Servers, name)
	}
}

// TestPublishedFactsCurrent re-extracts DexCare's files when a checkout
// has them beside it (../shared/reference/dexcare-oas) and fails if the
// embedded facts are stale: run `go run ./spec/extract` to refresh.
func TestPublishedFactsCurrent(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "reference", "dexcare-oas")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("DexCare's published files are not beside this checkout (%s)", dir)
	}
	for _, name := range PublishedNames() {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		want, err := facts.Extract(name, raw)
		require.NoError(t, err)
		got, _ := fs.ReadFile(Published(), name)
		assert.Equal(t, string(want), string(got), "%s is stale: go run ./spec/extract", name)
	}
}
