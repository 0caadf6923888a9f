package main

import (
	"net/http"
	"os"
	"strings"

	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// mockHeaders adds what a shared mockdex needs to each request: the
// namespace the run works in (--namespace, on every request, so the run's
// visits, clock and faults are its own) and, on the control plane
// (/_mockdex/) only, the admin token (MOCKDEX_ADMIN_TOKEN). A DexCare tier
// gets neither unless --namespace was given, and ignores the header.
type mockHeaders struct {
	next       scenarios.Doer
	namespace  string
	adminToken string
}

// withMockHeaders wraps next for the run's namespace and the admin token
// from the environment.
func withMockHeaders(next scenarios.Doer, namespace string) scenarios.Doer {
	m := mockHeaders{next: next, namespace: namespace, adminToken: os.Getenv("MOCKDEX_ADMIN_TOKEN")}
	if m.namespace == "" && m.adminToken == "" {
		return next
	}
	return m
}

func (m mockHeaders) Do(r *http.Request) (*http.Response, error) {
	admin := m.adminToken != "" && strings.HasPrefix(r.URL.Path, "/_mockdex/")
	if m.namespace == "" && !admin {
		return m.next.Do(r)
	}
	r = r.Clone(r.Context())
	if m.namespace != "" {
		r.Header.Set(namespaces.Header, m.namespace)
	}
	if admin {
		r.Header.Set("Authorization", "Bearer "+m.adminToken)
	}
	return m.next.Do(r)
}
