package scenarios_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

// Every operation of the spec gets the host DexCare serves it from, by
// its template and by a path the app would send.
func TestHostOfEveryOperation(t *testing.T) {
	want := func(path string) scenarios.Host { // DexCare's split, as its docs give it
		switch {
		case strings.HasPrefix(path, "/api/8/reporting/"), strings.HasPrefix(path, "/v1/reporting/"):
			return scenarios.Reporting
		case strings.HasPrefix(path, "/api/9/visits"), strings.HasPrefix(path, "/api/7/visits/"), path == "/api/9/tokbox-events":
			return scenarios.ECVAPI
		}
		return scenarios.API
	}
	doc, err := spec.Shared()
	require.NoError(t, err)
	for tmpl := range doc.Paths.Map() {
		assert.Equal(t, want(tmpl), scenarios.HostOf(tmpl), tmpl)
		filled := strings.NewReplacer("{", "x", "}", "").Replace(tmpl)
		assert.Equal(t, want(tmpl), scenarios.HostOf(filled), filled)
	}
	assert.Equal(t, scenarios.API, scenarios.HostOf("/nowhere"))
}
