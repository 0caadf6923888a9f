package namespaces

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Of finds the parameter however the query spells it, and skips
// parsing a query that cannot name it.
func TestNamespaceOfParam(t *testing.T) {
	for target, want := range map[string]string{
		"/x?regionCodes=WA":             Default,
		"/x?_mockdex_ns=team-a&a=1":     "team-a",
		"/x?%5Fmockdex_ns=team-b":       "team-b",
		"/x?a=%20&_mockdex%5Fns=team-c": "team-c",
		"/x?note=_mockdex_ns&b=2":       Default,
	} {
		got, err := Of(httptest.NewRequest("GET", target, nil))
		require.NoError(t, err, target)
		assert.Equal(t, want, got, target)
	}
	assert.False(t, mayName("regionCodes=WA&practiceId=p"))
}
