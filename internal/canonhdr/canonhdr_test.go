package canonhdr_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/canonhdr"
)

// Get reads what Header.Get reads, for headers parsed (canonical keys),
// set by name in any case, absent, or set empty.
func TestGetIsHeaderGet(t *testing.T) {
	h := http.Header{}
	h.Set("correlation-id", "abc")
	h.Add("X-Mockdex-Namespace", "team-a")
	h.Add("X-Mockdex-Namespace", "team-b")
	h["Content-Type"] = []string{}
	for _, name := range []string{"Correlation-Id", "X-Mockdex-Namespace", "Content-Type", "Origin"} {
		assert.Equal(t, h.Get(name), canonhdr.Get(h, canonhdr.Must(name)), name)
	}
}

func TestMustRefusesANameNotCanonical(t *testing.T) {
	assert.PanicsWithValue(t, `canonhdr: "correlation-id" is not canonical ("Correlation-Id")`, func() { canonhdr.Must("correlation-id") })
	assert.Equal(t, "Sec-Fetch-Site", canonhdr.Must("Sec-Fetch-Site").String())
}
