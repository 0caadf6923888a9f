package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/contract/inproc"
)

// A run against a shared mockdex whose control plane wants a token sends
// MOCKDEX_ADMIN_TOKEN, and with --namespace works in its own namespace:
// its visits and clock moves are there, not in the default one.
func TestRunInANamespaceOfATokenGuardedMock(t *testing.T) {
	mock, err := inproc.Start(inproc.Options{Seed: inproc.DefaultSeed, Start: inproc.DefaultStart, AdminToken: "admin-s3cret"})
	require.NoError(t, err)
	hs := httptest.NewServer(mock.Handler)
	defer hs.Close()
	defaultVisits := mock.Server.World().Visits.Len()

	t.Setenv("MOCKDEX_ADMIN_TOKEN", "")
	code, _, errs := runContract(t, "--target", hs.URL, "--tags", "writes", "--allow-writes", "--namespace", "ci-42")
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errs, "MOCKDEX_ADMIN_TOKEN", "without the token the run says what it lacks")

	t.Setenv("MOCKDEX_ADMIN_TOKEN", "admin-s3cret")
	code, out, errs := runContract(t, "--target", hs.URL, "--tags", "writes", "--allow-writes", "--namespace", "ci-42", "--format", "json")
	require.Equal(t, exitOK, code, errs+"\n"+out)
	assert.NotContains(t, out, "admin-s3cret")
	ns, ok := mock.Server.Namespaces().Lookup("ci-42")
	require.True(t, ok, "the run worked in its namespace")
	assert.Greater(t, mock.Server.Namespaces().World(ns.Name()).Visits.Len(), defaultVisits, "its visits are there")
	assert.Equal(t, defaultVisits, mock.Server.World().Visits.Len(), "and not in the default namespace")

	code, _, errs = runContract(t, "--target", hs.URL, "--namespace", "Bad Name")
	assert.Equal(t, exitUsage, code)
	assert.True(t, strings.Contains(errs, "--namespace"), errs)
}
