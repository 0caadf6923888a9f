//go:build probe

package server_test

import "testing"

func TestProbeAccept(t *testing.T) {
	m, br := newProbeServer(t)
	h := m.Bearer(joeGUID)
	show(t, m, br, "accept bad id", "PUT", "/api/9/visits/not-a-uuid/acceptTerms", "", h)
	show(t, m, br, "accept unknown", "PUT", "/api/9/visits/6996d161-cd16-4556-9577-f942c3f80c80/acceptTerms", "", h)
	show(t, m, br, "accept w/ body", "PUT", "/api/9/visits/6996d161-cd16-4556-9577-f942c3f80c80/acceptTerms", `{"x":1}`, h)
	show(t, m, br, "summary bad id", "GET", "/api/9/visits/not-a-uuid/summary", "", h)
	show(t, m, br, "wait bad id", "GET", "/api/9/visits/not-a-uuid/waittime", "", h)
	show(t, m, br, "practice bad id", "GET", "/api/8/practices/not-a-uuid", "")
	show(t, m, br, "summary no token bad id", "GET", "/api/9/visits/not-a-uuid/summary", "")
	show(t, m, br, "corr id", "GET", "/api/9/modalities", "", "correlation-id: "+string(make([]byte, 0)))
}
