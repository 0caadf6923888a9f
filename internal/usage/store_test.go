package usage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
)

// A full store retires its least recently fed profile into the merged
// view: memory stays bounded and All loses no request.
func TestStoreIsBoundedAndLosesNothing(t *testing.T) {
	s := usage.NewStore(2, nil)
	get := func(op, path string) *journal.Entry {
		return &journal.Entry{Method: "GET", Path: path, OperationID: op, Status: 200}
	}
	s.Add("a", get("getModalities", "/api/9/modalities"))
	s.Add("b", get("getAssignmentQualifiers", "/api/9/assignmentqualifiers"))
	s.Add("a", get("getModalities", "/api/9/modalities"))
	s.Add("c", get("getModalities", "/api/9/modalities")) // b, the least recently fed, is retired

	assert.Empty(t, s.Profile("b").Operations, "a retired name starts afresh")
	assert.Equal(t, int64(2), s.Profile("a").Operations["getModalities"].Calls)
	all := s.All()
	require.Contains(t, all.Operations, "getAssignmentQualifiers")
	assert.Equal(t, int64(1), all.Operations["getAssignmentQualifiers"].Calls)
	assert.Equal(t, int64(3), all.Operations["getModalities"].Calls)
	assert.Len(t, all.Sources, 3, "three runs, each its own source")

	s.Reset("a")
	assert.Equal(t, int64(1), s.All().Operations["getModalities"].Calls)
	s.ResetAll()
	assert.Empty(t, s.All().Operations)
}
