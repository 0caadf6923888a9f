package readme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnswerCapturesAndWildcards(t *testing.T) {
	a, err := ParseAnswer(`200 {"id":"<id>",...,"status":"requested"...}`)
	require.NoError(t, err)
	assert.Equal(t, 200, a.Status)
	got, ok := a.Match(`{"id":"4f1c","name":"x","status":"requested","more":1}` + "\n")
	require.True(t, ok)
	assert.Equal(t, map[string]string{"id": "4f1c"}, got)
	_, ok = a.Match(`{"id":"4f1c","status":"done"}`)
	assert.False(t, ok, "a different status is not the answer")
}

func TestAnswerWithoutStatus(t *testing.T) {
	a, err := ParseAnswer(`visitId,visitKind,...`)
	require.NoError(t, err)
	assert.Zero(t, a.Status)
	_, ok := a.Match("visitId,visitKind,reportType\nrow\n")
	assert.True(t, ok)
	_, ok = a.Match("reportType,visitId")
	assert.False(t, ok)
}

func TestFill(t *testing.T) {
	vars := map[string]string{"id": "abc"}
	got, err := Fill("curl /x/<id>/data", vars)
	require.NoError(t, err)
	assert.Equal(t, "curl /x/abc/data", got)
	_, err = Fill("curl /x/<visitId>", vars)
	assert.EqualError(t, err, "<visitId> is used before an answer captured it")
	assert.Equal(t, `{"id":"abc","v":"<v>"}`, FillKnown(`{"id":"<id>","v":"<v>"}`, vars))
}
