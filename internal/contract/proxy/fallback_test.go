package proxy_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

const avrStart = `{"type":"virtual","startDate":"2024-05-20T00:00:00Z","endDate":"2024-06-03T00:00:00Z"}`

// A tier that lacks the reporting operations: its api host answers 404
// for them, and is given as the reporting host too.
func tierWithoutReporting(t *testing.T) map[scenarios.Host]string {
	t.Helper()
	tier, _ := driftedTier(t, drift.PassThrough())
	tier[scenarios.Reporting] = tier[scenarios.API]
	return tier
}

func TestFallbackAnswersFromTheMockAndSaysSo(t *testing.T) {
	tier := tierWithoutReporting(t)
	m := shadow(t)
	p, url := start(t, proxy.Options{Upstreams: tier, Fallback: true, Mock: m.Server, MockCredentials: m.Target(nil).Creds})

	resp, body := call(t, "POST", url+"/api/8/reporting/allvisitsreport", avrStart, "Authorization", "dc-token the-apps-uat-key")
	require.Equal(t, 200, resp.StatusCode, string(body))
	assert.Equal(t, proxy.MarkAnsweredByMock, resp.Header.Get(proxy.MarkHeader))
	var started map[string]any
	require.NoError(t, json.Unmarshal(body, &started))
	assert.NotEmpty(t, started["id"], "the mock's answer, whole")

	// A 404 the mock gives too (an unknown practice) is the tier's answer.
	resp, _ = call(t, "GET", url+"/api/8/practices/00000000-0000-4000-8000-000000000000", "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Empty(t, resp.Header.Get(proxy.MarkHeader))

	rep := settled(t, p)
	fb := findingsOf(rep, proxy.RuleAnsweredByMock)
	require.Len(t, fb, 1)
	assert.Equal(t, "startAvrReport", fb[0].OperationID)
	assert.Equal(t, contract.Warning, fb[0].Severity)
	assert.Contains(t, fb[0].Message, "404")
	assert.Empty(t, findingsOf(rep, contract.RuleStatusChanged), "a fallback is not also a drift")
}

func TestFallbackOn501(t *testing.T) {
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotImplemented)
	}))
	t.Cleanup(tier.Close)
	_, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: tier.URL}, Fallback: true})
	resp, body := call(t, "GET", url+"/api/9/modalities", "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, proxy.MarkAnsweredByMock, resp.Header.Get(proxy.MarkHeader))
	assert.Contains(t, string(body), `"name"`)
}

// Without Fallback the tier's 404 is what the app gets, and a 404 on the
// tier's side only is data the tier lacks, not drift.
func TestNoFallbackPassesThe404(t *testing.T) {
	tier := tierWithoutReporting(t)
	p, url := start(t, proxy.Options{Upstreams: tier})
	resp, body := call(t, "POST", url+"/api/8/reporting/allvisitsreport", avrStart, "Authorization", "dc-token k")
	assert.Equal(t, 404, resp.StatusCode)
	assert.JSONEq(t, `{"message":"Not Found"}`, string(body))
	assert.Empty(t, resp.Header.Get(proxy.MarkHeader))
	rep := settled(t, p)
	assert.Empty(t, findingsOf(rep, contract.RuleStatusChanged))
	assert.Contains(t, rep.Scenarios[0].Reason, "1 exchanges not compared")
}
