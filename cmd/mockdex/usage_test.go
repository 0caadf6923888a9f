package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// mockdex usage saves a running mock's profile: a namespace's, or every
// namespace's merged; a mock that is not there is exit 1.
func TestUsageCommandSavesTheProfile(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("GET", "/api/9/modalities?archived=false", ""))
	m.ReadBody(m.Do("GET", "/api/9/assignmentqualifiers", "", "X-Mockdex-Namespace: suite-b"))

	out := filepath.Join(t.TempDir(), "usage.json")
	code, _, stderr := runMockdex("usage", "--url", m.URL, "--out", out)
	require.Equal(t, exitOK, code, stderr)
	doc, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(doc), `"getModalities"`)
	assert.NotContains(t, string(doc), `"getAssignmentQualifiers"`, "the default namespace's only")

	code, stdout, stderr := runMockdex("usage", "--url", m.URL, "--namespace", "suite-b")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"getAssignmentQualifiers"`)
	code, stdout, _ = runMockdex("usage", "--url", m.URL, "--all")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `"getAssignmentQualifiers"`)
	assert.Contains(t, stdout, `"getModalities"`)

	code, _, stderr = runMockdex("usage", "--url", m.URL, "--all", "--namespace", "x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "give one")
	code, _, stderr = runMockdex("usage", "--url", "http://127.0.0.1:1")
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stderr, "not answering")
}

// A shared mock's admin token goes with the request.
func TestUsageCommandSendsTheAdminToken(t *testing.T) {
	var got string
	m := mockdextest.NewServer(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		m.Handler().ServeHTTP(w, r)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tier := srv.URL
	t.Setenv("MOCKDEX_ADMIN_TOKEN", "admin-tok-1")
	code, _, stderr := runMockdex("usage", "--url", tier)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "Bearer admin-tok-1", got)
}
