package journal

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An observer sees every request, redacted, in order, even those the ring
// has already evicted by the time anyone reads it.
func TestObserverSeesEveryEntryPastEviction(t *testing.T) {
	j := New(Options{Entries: 2})
	var seen []string
	j.Observe(func(e *Entry) {
		seen = append(seen, e.Path)
		assert.NotContains(t, string(e.RequestBody), "Zelphine", "the observer gets redacted entries")
	})
	for i := range 5 {
		serve(j, post(fmt.Sprintf("/p/%d", i), `{"firstName":"Zelphine"}`), jsonAnswer(200, `{}`))
	}
	require.Len(t, j.List(Filter{}), 2, "the ring keeps two")
	assert.Equal(t, []string{"/p/0", "/p/1", "/p/2", "/p/3", "/p/4"}, seen)

	j.Observe(nil)
	serve(j, post("/p/5", `{}`), jsonAnswer(200, `{}`))
	j.List(Filter{})
	assert.Len(t, seen, 5, "a removed observer sees nothing more")
	assert.False(t, strings.Contains(strings.Join(seen, ","), "/p/5"))
}

func TestObserveOnNilJournal(t *testing.T) {
	var j *Journal
	j.Observe(func(*Entry) {}) // a journal that is off has nothing to observe
}
