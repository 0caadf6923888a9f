package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
	"github.com/mockdex/mockdex/spec"
)

// An app that sends a filter the scenarios never send, reads a practice
// (path parameter), and books a visit (a write) and reads it back (a
// record the run does not make).
const appProfile = `{"version":1,"sources":["run-app"],"operations":{
 "getPractice":{"calls":3,"statuses":{"200":3},"parameters":{"path":{"practiceId":{"sent":3}},"query":{"product":{"sent":3}}},"responseFields":{"/displayName":3}},
 "getAvailabilityAndWaitTimes":{"calls":2,"statuses":{"200":2},"parameters":{"query":{"practiceId":{"sent":2},"homeMarket":{"sent":2},"regionCodes":{"sent":2}}},"responseFields":{"/[]/estimatedWaitTimeSeconds":2}},
 "visitSummaryV9":{"calls":1,"statuses":{"200":1},"parameters":{"path":{"visitId":{"sent":1}},"header":{"correlation-id":{"sent":1}}}}
}}`

func scopedRun(t *testing.T, sel string, allowWrites bool) *contract.Report {
	t.Helper()
	p, err := usage.Read(strings.NewReader(appProfile))
	require.NoError(t, err)
	j, err := contract.NewJudge(spec.YAML, spec.Published())
	require.NoError(t, err)
	m, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	require.NoError(t, err)
	rep, err := contract.Run(context.Background(), contract.Config{TargetName: "mock", Target: m.Target(nil), Reference: inproc.References(),
		Start: inproc.DefaultStart, Seed: inproc.DefaultSeed, Scenarios: scenarios.Select(regexp.MustCompile(sel), nil),
		AllowWrites: allowWrites, Mockdex: true, Judge: j, Usage: p})
	require.NoError(t, err)
	return rep
}

// The app's own shapes are replayed against the target and the mocks
// with the run's identities: no drift on the mock itself; a request that
// needs a record the run does not make is listed, not sent.
func TestScopedRunReplaysTheAppsRequests(t *testing.T) {
	rep := scopedRun(t, "^waittimes-filters$", false)
	assert.Empty(t, rep.Findings)
	require.NotNil(t, rep.Usage)
	var replay *contract.ScenarioReport
	for i, sc := range rep.Scenarios {
		if sc.Name == contract.AppUsageScenario {
			replay = &rep.Scenarios[i]
		}
	}
	require.NotNil(t, replay, "the app-usage scenario ran")
	assert.Equal(t, contract.StatusPassed, replay.Status)
	var names []string
	for _, st := range replay.Steps {
		names = append(names, st.Name)
		assert.Equal(t, 200, st.Status, st.Name)
	}
	joined := strings.Join(names, "\n")
	assert.Contains(t, joined, "homeMarket")
	assert.Contains(t, joined, "query parameter product", "the path parameter is the run's practice: 200, not 404")
	assert.Equal(t, rep.Usage.Replayed, len(replay.Steps))
	require.Len(t, rep.Usage.NotReplayed, 1)
	assert.Contains(t, rep.Usage.NotReplayed[0], "visitSummaryV9: needs a {visitId}")

	var out bytes.Buffer
	require.NoError(t, contract.Write(&out, rep, contract.WriteOptions{Format: "json"}))
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	assert.Contains(t, doc, "usage")
}

// Every format leads with the drift the app depends on.
func TestScopedReportsLeadWithWhatTheAppDependsOn(t *testing.T) {
	rep := contract.NewReport("tier", []contract.ScenarioReport{{Name: "s", Status: contract.StatusFailed}}, []contract.Finding{
		{Rule: contract.RuleTypeChanged, Severity: contract.Info, Scenario: "s", Step: "a", OperationID: "searchProviderHistories", Pointer: "/data/*/id",
			App: &contract.AppScope{Depends: false, Reason: "your app never called searchProviderHistories", Severity: contract.Breaking}},
		{Rule: contract.RuleMissingField, Severity: contract.Breaking, Scenario: "s", Step: "b", OperationID: "getPractice", Pointer: "/displayName",
			App: &contract.AppScope{Depends: true, Reason: "your app reads /displayName", Severity: contract.Breaking}},
	})
	rep.Usage = &contract.UsageReport{Sources: []string{"run-app"}, Depends: 1, NotUsed: 1}
	for format, lead := range map[string]string{"text": "Drift your app depends on (1)", "markdown": "#### Drift your app depends on (1)",
		"junit": `<testsuite name="drift your app depends on"`, "github": "::error title=your app depends on"} {
		var out bytes.Buffer
		require.NoError(t, contract.Write(&out, rep, contract.WriteOptions{Format: format, FailOn: contract.Breaking}))
		text := out.String()
		at, missing, ignored := strings.Index(text, lead), strings.Index(text, "missing-field"), strings.Index(text, "type-changed")
		require.GreaterOrEqual(t, at, 0, "%s:\n%s", format, text)
		assert.Less(t, at, missing, format)
		if format != "junit" { // its notes sit under their steps' testcases
			assert.Less(t, missing, ignored, "%s: what the app depends on comes first", format)
		}
	}
}
