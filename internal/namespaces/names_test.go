package namespaces

import (
	"math/rand/v2"
	"net/http/httptest"
	"regexp"
	"strings"
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

// Check answers as Pattern does, on names built from every kind of
// byte the rule tells apart, at the lengths around its bound.
func TestMatchesIsPattern(t *testing.T) {
	re := regexp.MustCompile(Pattern)
	valid, invalid := []byte("az09._-"), []byte("AZ \n/\x00\xc3\xa9")
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []string{"", "a", "default", "0", ".a", "_a", "-a", "a.b_c-d", "team-a\n", strings.Repeat("a", 63), strings.Repeat("a", 64), "é"}
	for range 20000 {
		n := rng.IntN(66)
		b := make([]byte, n)
		for i := range b {
			b[i] = valid[rng.IntN(len(valid))]
			if rng.IntN(50) == 0 { // most names are valid but for a byte or two
				b[i] = invalid[rng.IntN(len(invalid))]
			}
		}
		cases = append(cases, string(b))
	}
	for _, name := range cases {
		if got, want := matches(name), re.MatchString(name); got != want {
			t.Fatalf("matches(%q) = %v, Pattern says %v", name, got, want)
		}
	}
}
