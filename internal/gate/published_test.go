package gate

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every operation of the four published files is one of ours, found by
// method and full path, so strict mode checks each against its file
// (and server.TestEveryPublishedOperationHasAHandler serves each).
func TestEveryPublishedOperationIsServed(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	idx, err := loadPublishedIndex()
	require.NoError(t, err)
	ours := map[string]string{}
	for _, op := range s.ops {
		ours[publishedKey(op.Method, op.Path)] = op.ID
	}
	require.Len(t, idx, 17, "operations in the published files")
	for key, pub := range idx {
		id, ok := ours[key]
		if assert.True(t, ok, "%s (%s in %s) is not served", key, pub.route.Operation.OperationID, pub.file) {
			assert.Equal(t, pub.route.Operation.OperationID, id, "%s keeps DexCare's operationId", key)
		}
	}
}

// An exemption lets through only a status the published operation leaves
// out, that our spec declares, and that docs/known-differences.md lists.
func TestPublishedExemptionsAreDeclaredDifferences(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	idx, err := loadPublishedIndex()
	require.NoError(t, err)
	diffs, err := os.ReadFile("../../docs/known-differences.md")
	require.NoError(t, err)
	published := map[string]publishedOp{}
	for _, pub := range idx {
		published[pub.route.Operation.OperationID] = pub
	}
	for _, op := range s.ops {
		for status := range publishedExemptions[op.ID] {
			pub, ok := published[op.ID]
			require.True(t, ok, "%s is published", op.ID)
			code := strconv.Itoa(status)
			assert.Nil(t, pub.route.Operation.Responses.Value(code), "%s %d is published: no exemption needed", op.ID, status)
			ours := s.doc.Paths.Find(op.Path).GetOperation(op.Method)
			assert.NotNil(t, ours.Responses.Value(code), "%s %d is declared in our spec", op.ID, status)
			assert.True(t, strings.Contains(string(diffs), "`"+op.ID+"`"), "known-differences lists %s", op.ID)
		}
	}
	for id := range publishedExemptions {
		assert.Contains(t, published, id, "exemption for an unpublished operation %s", id)
	}
}
