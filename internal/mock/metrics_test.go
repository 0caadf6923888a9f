package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/mock"
)

// /metrics on the API's handler sits behind the control plane's guard,
// counts the API's and the control plane's requests, and goes with the
// control plane; Metrics() is the same registry unguarded.
func TestMetricsAreGuardedLikeTheControlPlane(t *testing.T) {
	m, err := mock.New(mock.Options{AdminToken: "s3cret-admin"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, get(m, "/api/9/modalities"))
	assert.Equal(t, http.StatusUnauthorized, get(m, "/_mockdex/clock"))

	assert.Equal(t, http.StatusUnauthorized, get(m, mock.MetricsPath), "no token")
	req := httptest.NewRequest("GET", "http://evil.example"+mock.MetricsPath, nil)
	req.Header.Set("Authorization", "Bearer s3cret-admin")
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code, "a Host no one listed (DNS rebinding)")

	req = httptest.NewRequest("GET", "http://127.0.0.1"+mock.MetricsPath, nil)
	req.Header.Set("Authorization", "Bearer s3cret-admin")
	rec = httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Contains(t, body, `mockdex_requests_total{operation="getModalities",status="200"} 1`)
	assert.Contains(t, body, `mockdex_requests_total{operation="admin",status="401"} 1`)
	assert.Contains(t, body, "mockdex_namespaces 1")
	assert.NotContains(t, body, "s3cret-admin")

	rec = httptest.NewRecorder()
	m.Metrics().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain"))

	off, err := mock.New(mock.Options{NoAdmin: true})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, get(off, mock.MetricsPath), "no control plane, no /metrics on the API's port")
}
