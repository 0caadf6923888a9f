package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

func runLoadgen(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"loadgen"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRefusesOtherAddresses(t *testing.T) {
	for _, url := range []string{"http://10.0.0.1:8080", "http://example.com", "https://example.com:443/api"} {
		code, stdout, stderr := runLoadgen("--url", url, "--requests", "1")
		assert.Equal(t, exitUsage, code, url)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "this workplace forbids load against other addresses", url)
	}
}

func TestUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag":  {"--rps", "5"},
		"bad mix":       {"--mix", "everything"},
		"bad format":    {"--format", "xml"},
		"zero requests": {"--requests", "0"},
		"stray arg":     {"--url", "http://127.0.0.1:1", "serve"},
		"no target":     {},
		"no url":        {"--requests", "5"},
	} {
		code, _, stderr := runLoadgen(args...)
		assert.Equal(t, exitUsage, code, name)
		assert.NotEmpty(t, stderr, name)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runLoadgen("--help")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, stderr)
	assert.Contains(t, stdout, "-mix")
	assert.Contains(t, stdout, "MOCKDEX_API_KEY")
}

// A bare loadgen fires nothing: it explains itself and names --url.
func TestNoTargetPrintsUsage(t *testing.T) {
	code, stdout, stderr := runLoadgen()
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "usage: loadgen --url")
	assert.Contains(t, stderr, "--url is required")
}

func TestJSONReport(t *testing.T) {
	m := mockdextest.NewServer(t)
	code, stdout, stderr := runLoadgen("--url", m.URL, "--requests", "120", "--duration", "5m", "--concurrency", "3", "--mix", "mixed", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var report struct {
		Requests   int `json:"requests"`
		Operations []struct {
			OperationID string         `json:"operationId"`
			Requests    int            `json:"requests"`
			Statuses    map[string]int `json:"statuses"`
		} `json:"operations"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &report))
	assert.Equal(t, 120, report.Requests)
	ops := map[string]bool{}
	total := 0
	for _, op := range report.Operations {
		ops[op.OperationID] = true
		for _, n := range op.Statuses {
			total += n
		}
	}
	assert.Equal(t, 120, total, "every request has a status")
	assert.True(t, ops["createVisitV9"] && ops["getPractice"], "mixed sends reads and writes: %v", ops)
}

func TestTextReportSummaryFirst(t *testing.T) {
	m := mockdextest.NewServer(t)
	code, stdout, stderr := runLoadgen("--url", m.URL, "--requests", "50", "--duration", "5m")
	require.Equal(t, exitOK, code, stderr)
	lines := bytes.Split([]byte(stdout), []byte("\n"))
	assert.Contains(t, string(lines[0]), "mockdex loadgen: 50 requests in")
	assert.Contains(t, stdout, "getAvailabilityAndWaitTimes")
	assert.Contains(t, stdout, "overall")
}

func TestUnreachableMock(t *testing.T) {
	code, _, stderr := runLoadgen("--url", "http://127.0.0.1:1", "--requests", "5")
	assert.Equal(t, exitDown, code)
	assert.Contains(t, stderr, "did not answer")
}
