package server

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoutesMatchSpec fails when an operation in spec/dexcare.yaml has no
// handler, or a handler is registered under an id the spec lacks.
func TestRoutesMatchSpec(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	inSpec := map[string]bool{}
	for _, item := range s.doc.Paths.Map() {
		for _, op := range item.Operations() {
			require.NotEmpty(t, op.OperationID, "every operation needs an operationId")
			assert.False(t, inSpec[op.OperationID], "duplicate operationId %s", op.OperationID)
			inSpec[op.OperationID] = true
			assert.NotEqual(t, "generic", errorStyle(op), "%s needs an x-error-style", op.OperationID)
		}
	}
	var extra []string
	for id := range s.handlers {
		if !inSpec[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	assert.Empty(t, extra, "handlers with no operation in the spec")
	assert.Empty(t, s.unhandledOperations(), "operations with no handler")
}
