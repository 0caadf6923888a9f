package faults_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
)

// A store's state, written as JSON and read back, restores the same
// faults, counts and times left, and new ids go on from the last one.
func TestStateRoundTrip(t *testing.T) {
	s := faults.NewStore(1)
	s.Add(parse(t, `{"operationId":"getPractice","status":503,"times":3,"delay":"250ms"}`))
	s.Add(parse(t, `{"operationId":"createVisitV9","status":200,"body":{"ok":true},"probability":0.5}`))
	s.Remove("f2")
	s.Add(parse(t, `{"operationId":"getPractice","status":500}`))
	_, _ = take(s, "getPractice")
	data, err := json.Marshal(s.State())
	require.NoError(t, err)

	st, err := faults.ParseState(data, ops, "control.faults")
	require.NoError(t, err)
	restored := faults.NewStore(1)
	restored.Restore(st)
	assert.Equal(t, s.List(), restored.List())
	added := restored.Add(parse(t, `{"operationId":"getPractice","status":502}`))
	assert.Equal(t, "f4", added.ID, "ids are never reused")
}

func TestParseStateRefusals(t *testing.T) {
	for doc, want := range map[string]string{
		`{"lastId":1,"faults":[{"id":"f2","operationId":"getPractice","status":500}]}`:                                                      `p.faults[0].id: "f2" is beyond lastId 1`,
		`{"lastId":2,"faults":[{"id":"f1","operationId":"nope","status":500}]}`:                                                             `p.faults[0]: 'operationId' "nope"`,
		`{"lastId":2,"faults":[{"id":"f1","operationId":"getPractice","status":500,"fired":-1}]}`:                                           `p.faults[0].fired: must not be negative`,
		`{"lastId":2,"faults":[{"id":"f1","operationId":"getPractice","status":500},{"id":"f1","operationId":"getPractice","status":500}]}`: `"f1" is listed twice`,
		`{"lastId":2,"extra":1}`: `p: must be`,
	} {
		_, err := faults.ParseState([]byte(doc), ops, "p")
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), want, doc)
	}
}
