package gate

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The table answers exactly what the router does, for the paths it holds
// and, by falling through, for those it does not.
func TestStaticRoutesAnswerAsTheRouter(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	require.NotEmpty(t, staticRoutes()["/api/9/regions/waittimes"]["GET"], "the wait times are a static path")
	reqs := [][2]string{{"GET", "/api/9/visits/v-1"}, {"DELETE", "/api/9/regions/waittimes"}, {"GET", "/api/9/regions/waittimes/"}, {"GET", "/nope"}}
	for path, methods := range staticRoutes() {
		for method := range methods {
			reqs = append(reqs, [2]string{method, path})
		}
	}
	for _, mp := range reqs {
		r := httptest.NewRequest(mp[0], mp[1]+"?x=1", nil)
		want, wantParams, wantErr := s.router.FindRoute(r)
		got, params, err := s.findRoute(r)
		assert.Equal(t, wantErr, err, mp)
		if wantErr != nil {
			continue
		}
		assert.Equal(t, want.Path, got.Path, mp)
		assert.Equal(t, want.Method, got.Method, mp)
		assert.Same(t, want.Operation, got.Operation, mp)
		assert.Equal(t, len(wantParams), len(params), mp)
	}
}
