package usage_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
)

func guestVisitWith(product, body string) journal.Entry {
	e := guestVisit(product)
	e.RequestBody = json.RawMessage(body)
	return e
}

// What only the app sends becomes replay steps: its parameters and
// fields with the enum values it chose, everything else synthetic, never
// one of the app's own values.
func TestReplayStepsExerciseWhatOnlyTheAppSends(t *testing.T) {
	ours := build(t, "run-scenarios",
		guestVisitWith("DCIntSched", `{"patient":{"firstName":"Contract"},"visitDetails":{"visitTypeName":"virtual"}}`),
		qualifiers("true", 200), qualifiers("false", 200))
	app := build(t, "run-app",
		guestVisitWith("Other", `{"patient":{"firstName":"Zelphine","email":"zq@example.org","gender":"female"},
			"visitDetails":{"visitTypeName":"phone","brand":"acme-private-brand","assignmentQualifiers":["pediatric"]}}`),
		qualifiers("true", 200))

	steps := usage.ReplaySteps(app, ours, index(t))
	require.NotEmpty(t, steps)
	for _, s := range steps {
		assert.Equal(t, "createQueuedGuestVisit", s.OperationID, "qualifiers: the app sends nothing the scenarios do not")
		assert.True(t, s.Writes)
		assert.Equal(t, "POST", s.Method)
		assert.Equal(t, "/v1/booking/queued-guest-visit", s.Path)
		raw, err := json.Marshal(s)
		require.NoError(t, err)
		for _, own := range []string{"Zelphine", "zq@example.org", "acme-private-brand", "female"} {
			assert.NotContains(t, string(raw), own, "never the app's own values")
		}
	}
	base := steps[0]
	assert.Equal(t, usage.Value{Value: "Other", Enum: true}, base.Parameters[usage.InQuery]["product"], "the enum value only the app sends")
	assert.Contains(t, base.Because, "query parameter product = Other")
	assert.Contains(t, base.Because, "body field /patient/email")
	var body struct {
		Patient      map[string]any `json:"patient"`
		VisitDetails map[string]any `json:"visitDetails"`
	}
	require.NoError(t, json.Unmarshal(base.Body, &body))
	assert.Equal(t, "Contract", body.Patient["firstName"], "synthetic, recognisable as the runner's")
	assert.Equal(t, "contract.check@example.org", body.Patient["email"])
	assert.Equal(t, "phone", body.VisitDetails["visitTypeName"], "an enum keeps the app's choice")
	assert.Equal(t, []any{"pediatric"}, body.VisitDetails["assignmentQualifiers"])
	assert.Equal(t, "contract-check", body.VisitDetails["brand"], "free text is synthetic")
	assert.Contains(t, body.Patient, "gender", "a personal enum's value is not known: a synthetic member of it")
}

func TestNoReplayWhenTheAppSendsNothingNew(t *testing.T) {
	ours := build(t, "a", qualifiers("true", 200), qualifiers("false", 200))
	app := build(t, "b", qualifiers("false", 200))
	assert.Empty(t, usage.ReplaySteps(app, ours, index(t)))
}

// Several enum values only the app sends each get a step: the base
// carries the most sent, a variant each other one.
func TestReplayVariantsPerEnumValue(t *testing.T) {
	ours := build(t, "a", guestVisit("DCIntSched"))
	app := build(t, "b", qualifiers("true", 200), qualifiers("true", 200), qualifiers("false", 200))
	steps := usage.ReplaySteps(app, ours, index(t))
	require.Len(t, steps, 2)
	assert.Equal(t, "true", steps[0].Parameters[usage.InQuery]["archived"].Value)
	assert.Equal(t, []string{"query parameter archived", "query parameter archived = true"}, steps[0].Because)
	assert.Equal(t, "false", steps[1].Parameters[usage.InQuery]["archived"].Value)
	assert.Equal(t, []string{"query parameter archived = false"}, steps[1].Because)
	assert.False(t, steps[0].Writes, "a GET changes nothing")
}
