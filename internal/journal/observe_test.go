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

// An answer past BodyLimit but within ObserveBodyLimit reaches the
// observer whole and redacted; the ring keeps only its note, as it
// always did. Without an observer nothing more is kept.
func TestObserverSeesLargeAnswers(t *testing.T) {
	j := New(Options{BodyLimit: 64, ObserveBodyLimit: 4096})
	var got []*Entry
	j.Observe(func(e *Entry) { c := *e; got = append(got, &c) })
	large := `{"firstName":"Zelphine","rows":["` + strings.Repeat("x", 500) + `"]}`
	serve(j, post("/big", `{}`), jsonAnswer(200, large))
	serve(j, post("/huge", `{}`), jsonAnswer(200, `{"rows":["`+strings.Repeat("y", 5000)+`"]}`))
	stored := j.List(Filter{})
	require.Len(t, stored, 2)
	for _, e := range stored {
		assert.Nil(t, e.ResponseBody)
		assert.Contains(t, e.ResponseBodyOmitted, "over the journal's 64-byte limit")
	}
	require.Len(t, got, 2)
	assert.Contains(t, string(got[0].ResponseBody), `"rows"`, "the observer reads the large answer")
	assert.NotContains(t, string(got[0].ResponseBody), "Zelphine", "redacted")
	assert.Empty(t, got[0].ResponseBodyOmitted)
	assert.Nil(t, got[1].ResponseBody, "past ObserveBodyLimit: a note for the observer too")

	j.Observe(nil)
	serve(j, post("/big2", `{}`), jsonAnswer(200, large))
	assert.Len(t, j.List(Filter{}), 3)
	assert.Len(t, got, 2)
}
