package control_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// usageOf reads GET /_mockdex/usage (with extra query and headers).
func usageOf(t *testing.T, m *mockdextest.Server, query string, headers ...string) string {
	t.Helper()
	resp := m.Do("GET", "/_mockdex/usage"+query, "", headers...)
	body := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	return body
}

// Each namespace has its own profile; ?all=true merges them; a world's
// reset keeps it, DELETE forgets it (one namespace's, or all).
func TestUsageProfilePerNamespace(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("GET", "/api/9/modalities", ""))
	m.ReadBody(m.Do("GET", "/api/9/assignmentqualifiers", "", ns("app-a")))

	assert.Contains(t, usageOf(t, m, ""), "getModalities")
	assert.NotContains(t, usageOf(t, m, ""), "getAssignmentQualifiers")
	own := usageOf(t, m, "", ns("app-a"))
	assert.Contains(t, own, "getAssignmentQualifiers")
	assert.NotContains(t, own, "getModalities")
	all := usageOf(t, m, "?all=true")
	assert.Contains(t, all, "getModalities")
	assert.Contains(t, all, "getAssignmentQualifiers")

	resp := m.Do("POST", "/_mockdex/reset", "", ns("app-a"), adminJSON)
	m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, usageOf(t, m, "", ns("app-a")), "getAssignmentQualifiers", "a reset keeps the profile")

	resp = m.Do("DELETE", "/_mockdex/usage", "", ns("app-a"), adminJSON)
	m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotContains(t, usageOf(t, m, "", ns("app-a")), "getAssignmentQualifiers")
	assert.Contains(t, usageOf(t, m, ""), "getModalities", "another namespace's stays")

	resp = m.Do("DELETE", "/_mockdex/usage?all=true", "", adminJSON)
	m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotContains(t, usageOf(t, m, "?all=true"), "getModalities")
}

func TestUsageProfileBadQuery(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/_mockdex/usage?all=maybe", "")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), "'all' must be true or false")
	resp = m.Do("GET", "/_mockdex/usage", "", ns("Not A Name"))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	m.ReadBody(resp)
}
