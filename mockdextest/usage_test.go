package mockdextest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// The profile covers every namespace, survives Reset, and is emptied by
// ResetUsageProfile; what is saved is the document UsageProfile returns.
func TestUsageProfileLifecycle(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do("GET", "/api/9/modalities", ""))
	m.ReadBody(m.Do("GET", "/api/9/assignmentqualifiers", "", "X-Mockdex-Namespace: suite-b"))
	m.Reset()

	doc, err := m.UsageProfile()
	require.NoError(t, err)
	assert.Contains(t, string(doc), `"getModalities"`)
	assert.Contains(t, string(doc), `"getAssignmentQualifiers"`, "another namespace's traffic is in the merged profile")

	path := filepath.Join(t.TempDir(), "artifacts", "usage.json")
	require.NoError(t, m.SaveUsageProfile(path))
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(doc), string(saved))

	m.ResetUsageProfile()
	doc, err = m.UsageProfile()
	require.NoError(t, err)
	assert.NotContains(t, string(doc), "getModalities")
	assert.True(t, strings.Contains(string(doc), `"version": 1`))
}

// A mock whose journal is off keeps no profile, and says so.
func TestUsageProfileWithoutJournal(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithJournalSize(-1))
	_, err := m.UsageProfile()
	assert.ErrorContains(t, err, "journal is off")
}

// An answer past the journal's 16 KiB (a provider's time slots, about
// 250 KB) still tells the profile what the app could read.
func TestUsageProfileReadsLargeAnswers(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/v5/providers/1629394572/timeslots", "", m.XAPIKey())
	body := m.ReadBody(resp)
	require.Equal(t, 200, resp.StatusCode)
	require.Greater(t, len(body), 16<<10)
	doc, err := m.UsageProfile()
	require.NoError(t, err)
	var p struct {
		Operations map[string]struct {
			ResponseFields map[string]int64
		}
	}
	require.NoError(t, json.Unmarshal(doc, &p))
	assert.NotEmpty(t, p.Operations["getSingleProviderTimeslots"].ResponseFields)
	assert.Empty(t, m.Requests(mockdextest.RequestFilter{Limit: 1})[0].ResponseBody, "the journal itself keeps its 16 KiB bound")
}
