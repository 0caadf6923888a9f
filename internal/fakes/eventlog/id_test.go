package eventlog

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
)

// ID hashes on the stack; it must name events exactly as the
// uuid package's version 5 does, or stored events would change IDs.
func TestEventIDIsUUIDv5(t *testing.T) {
	for _, visit := range []string{"", "7d1e8f0c-3c7b-4a55-9a8e-2f0e4c1b9d21", strings.Repeat("x", 300)} {
		for _, action := range []string{"assigned", "started", "completed"} {
			want := uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockdex:visit/"+visit+"/"+action)).String()
			assert.Equal(t, want, ID(visit, action), "visit %.12q, %s", visit, action)
		}
	}
}
