package mock_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/mock"
)

func get(h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1"+path, nil))
	return rec.Code
}

// The zero Options make a working mock: the control plane over the API,
// the documented credentials in effect.
func TestZeroOptionsWork(t *testing.T) {
	m, err := mock.New(mock.Options{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, get(m, "/api/9/modalities"))
	assert.Equal(t, http.StatusOK, get(m, "/_mockdex/clock"))
	assert.Equal(t, http.StatusNotFound, get(m.API(), "/_mockdex/clock"), "the API alone has no control plane")
	o := m.Options()
	assert.Equal(t, auth.DefaultServiceKey, o.ServiceKey)
	assert.Equal(t, auth.DefaultAPIKey, o.APIKey)
	assert.Equal(t, auth.DefaultJWTSecret, o.JWTSecret)
	assert.NotNil(t, m.Journal())
	assert.NotNil(t, m.World())
	assert.NoError(t, m.Close(), "nothing to save")
}

func TestNoAdminServesNoControlPlane(t *testing.T) {
	m, err := mock.New(mock.Options{NoAdmin: true, JournalSize: -1})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, get(m, "/_mockdex/clock"))
	assert.Equal(t, http.StatusOK, get(m, "/api/9/modalities"))
	assert.Nil(t, m.Journal(), "a negative size keeps none")
}

// With a data directory the namespaces are loaded at New and saved by
// Close: a second mock on the directory finds the first one's namespace.
func TestDataDirKeepsNamespaces(t *testing.T) {
	dir := t.TempDir()
	m, err := mock.New(mock.Options{Clock: clock.NewManual(mock.Epoch), DataDir: dir})
	require.NoError(t, err)
	req := httptest.NewRequest("GET", "http://127.0.0.1/api/9/modalities", nil)
	req.Header.Set("X-Mockdex-Namespace", "team-a")
	m.ServeHTTP(httptest.NewRecorder(), req)
	require.NoError(t, m.Close())
	_, err = os.Stat(filepath.Join(dir, "team-a.mockdex-state.json"))
	require.NoError(t, err, "Close saved the namespace")

	again, err := mock.New(mock.Options{Clock: clock.NewManual(mock.Epoch), DataDir: dir})
	require.NoError(t, err)
	defer again.Close()
	_, ok := again.Namespaces().Lookup("team-a")
	assert.True(t, ok, "loaded at start")
}
