package proxy_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/proxy"
)

// The app's own traffic through the proxy finds a drift: the tier renamed
// a practice's displayName, and a read of the practice shows it, as a
// contract run would name it.
func TestDriftFoundFromProxiedTraffic(t *testing.T) {
	m, ok := drift.Lookup("field-renamed")
	require.True(t, ok)
	tier, _ := driftedTier(t, m)
	p, url := start(t, proxy.Options{Upstreams: tier})

	resp, body := call(t, "GET", url+"/api/8/practices/"+practiceID, "")
	require.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), `"name"`, "the app gets the tier's answer, drift and all")

	rep := settled(t, p)
	missing := findingsOf(rep, contract.RuleMissingField)
	require.Len(t, missing, 1, "%+v", rep.Findings)
	f := missing[0]
	assert.Equal(t, "/displayName", f.Pointer)
	assert.Equal(t, "getPractice", f.OperationID)
	assert.Equal(t, "GET /api/8/practices/{practiceId}", f.Step)
	assert.Equal(t, contract.Breaking, f.Severity)
	assert.Contains(t, f.Message, "/name", "the rename names the new field")

	var text bytes.Buffer
	require.NoError(t, contract.Write(&text, rep, contract.WriteOptions{Format: "text", FailOn: contract.Breaking}))
	assert.Contains(t, text.String(), "contract DRIFT")
}

// The same traffic through a tier that did not drift finds nothing.
func TestNoDriftNoFinding(t *testing.T) {
	tier, _ := driftedTier(t, drift.PassThrough())
	p, url := start(t, proxy.Options{Upstreams: tier})
	for _, path := range []string{"/api/8/practices/" + practiceID, "/api/9/modalities", "/api/9/assignmentqualifiers?archived=true",
		"/api/9/regions/waittimes?practiceId=" + practiceID, "/api/8/practices/00000000-0000-4000-8000-000000000000"} {
		call(t, "GET", url+path, "")
	}
	rep := settled(t, p)
	for _, f := range rep.Findings {
		assert.Less(t, f.Severity, contract.Warning, "%+v", f)
	}
	assert.Len(t, rep.Scenarios[0].Steps, 4, "one step per operation the app called")
}

// A read the app repeats is judged once, and each repeat still counts
// toward its finding.
func TestRepeatedReadsCountTheirFindings(t *testing.T) {
	m, ok := drift.Lookup("field-renamed")
	require.True(t, ok)
	tier, _ := driftedTier(t, m)
	p, url := start(t, proxy.Options{Upstreams: tier})
	for range 3 {
		call(t, "GET", url+"/api/8/practices/"+practiceID, "")
	}
	rep := settled(t, p)
	missing := findingsOf(rep, contract.RuleMissingField)
	require.Len(t, missing, 1)
	assert.Contains(t, missing[0].Message, "(in 3 exchanges)")
	assert.Equal(t, 3, p.Stats().Judged)
}
