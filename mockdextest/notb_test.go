package mockdextest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A mock started with Start has no test to fail: its helpers panic with
// the message a test would have failed with, and strict mode's findings
// wait for Close, all of them.
func TestStartStandsInForATest(t *testing.T) {
	n := &noTB{}
	assert.PanicsWithValue(t, "mockdextest: decode x: boom", func() { n.Fatalf("decode %s: %s", "x", "boom") })
	assert.NoError(t, n.err())
	n.report("mockdex answered getModalities with a 200 that breaks the spec: a")
	n.report("mockdex answered getPractice with a 404 that breaks the spec: b")
	err := n.err()
	assert.ErrorContains(t, err, "getModalities")
	assert.ErrorContains(t, err, "getPractice")

	s := &Server{stop: func() {}, free: n}
	assert.Equal(t, err.Error(), s.Close().Error(), "Close returns the findings")
}
