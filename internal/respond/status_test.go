package respond

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStatusForEveryKind(t *testing.T) {
	for k, status := range kindStatus {
		assert.Equal(t, status, Status(k))
		assert.Equal(t, k, KindFor(status), "KindFor inverts the table")
	}
	assert.Equal(t, 500, Status(99), "an unknown kind is a 500")
}
