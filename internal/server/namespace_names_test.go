package server

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// NamespaceOf finds the parameter however the query spells it, and skips
// parsing a query that cannot name it.
func TestNamespaceOfParam(t *testing.T) {
	for target, want := range map[string]string{
		"/x?regionCodes=WA":             DefaultNamespace,
		"/x?_mockdex_ns=team-a&a=1":     "team-a",
		"/x?%5Fmockdex_ns=team-b":       "team-b",
		"/x?a=%20&_mockdex%5Fns=team-c": "team-c",
		"/x?note=_mockdex_ns&b=2":       DefaultNamespace,
	} {
		got, err := NamespaceOf(httptest.NewRequest("GET", target, nil))
		require.NoError(t, err, target)
		assert.Equal(t, want, got, target)
	}
	assert.False(t, mayNameNamespace("regionCodes=WA&practiceId=p"))
}
