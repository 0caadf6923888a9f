package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mockdex/mockdex/spec"
)

// specOrder lists the spec's operationIds in the order the file has them.
func specOrder(t *testing.T) []string {
	t.Helper()
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(spec.YAML, &root))
	paths := mapValue(root.Content[0], "paths")
	require.NotNil(t, paths)
	var ids []string
	for i := 1; i < len(paths.Content); i += 2 {
		item := paths.Content[i]
		for j := 1; j < len(item.Content); j += 2 {
			if id := mapValue(item.Content[j], "operationId"); id != nil {
				ids = append(ids, id.Value)
			}
		}
	}
	return ids
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// TestOperationTableFollowsSpec keeps the one table from operationId to
// handler in spec order, one row per operation: reading the spec top to
// bottom and the table top to bottom is the same walk.
func TestOperationTableFollowsSpec(t *testing.T) {
	s, err := newTest(testOptions{})
	require.NoError(t, err)
	var table []string
	for _, op := range s.operations() {
		table = append(table, op.id)
	}
	assert.Equal(t, specOrder(t), table)
}

func TestEveryOperationHasAKnownStyle(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	styles, bad := operationStyles(doc)
	assert.Empty(t, bad)
	assert.Len(t, styles, len(specOrder(t)))
}

// New refuses a spec it cannot serve fully: an operation with no handler
// or with an error style the writer does not know.
func TestStartUpChecks(t *testing.T) {
	s, err := newTest(testOptions{})
	require.NoError(t, err)

	delete(s.handlers, "getModalities")
	assert.ErrorContains(t, s.checkHandlers(), "spec operation without a handler: getModalities")

	s.handlers["getModalities"], s.handlers["noSuchOperation"] = s.getModalities, s.getModalities
	assert.ErrorContains(t, s.checkHandlers(), "handler without a spec operation: noSuchOperation")

	_, err = handlerTable([]operation{{"a", s.getModalities}, {"a", s.getModalities}})
	assert.ErrorContains(t, err, "operation a has two handlers")

	doc, err := spec.Load()
	require.NoError(t, err)
	doc.Paths.Value("/api/9/modalities").Get.Extensions["x-error-style"] = "teapot"
	_, bad := operationStyles(doc)
	assert.Equal(t, []string{`getModalities ("teapot")`}, bad)
}
