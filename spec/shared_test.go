package spec

import (
	"reflect"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server validates the shared spec while it builds the router from
// it (SharedUnchecked, then CheckShared on another goroutine); that is
// only safe if validating changes nothing in the document. Under -race
// this also catches a write either makes while the other reads.
func TestValidateOnlyReads(t *testing.T) {
	doc, err := parse(YAML)
	require.NoError(t, err)
	untouched, err := parse(YAML)
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Go(func() { assert.NoError(t, validate(doc)) })
	wg.Go(func() {
		_, err := gorillamux.NewRouter(doc)
		assert.NoError(t, err)
	})
	wg.Wait()
	assert.True(t, reflect.DeepEqual(untouched, doc), "validating or routing the spec changed it")
}

func TestSharedIsChecked(t *testing.T) {
	doc, err := Shared()
	require.NoError(t, err)
	unchecked, err := SharedUnchecked()
	require.NoError(t, err)
	assert.Same(t, doc, unchecked, "one document per process")
	assert.NoError(t, CheckShared())
}
