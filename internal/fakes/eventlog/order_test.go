package eventlog

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Events added in any order, a few at a time, between reads and on top
// of a loaded history, are read back in (Timestamp, ID) order.
func TestAddedEventsReadInOrder(t *testing.T) {
	s := New(nil)
	all := syntheticEvents(200)
	s.Load(all[:50])
	rest := append([]Event(nil), all[50:]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	for i := 0; i < len(rest); i += 3 {
		s.Add(rest[i:min(i+3, len(rest))]...)
		if i%30 == 0 {
			s.Search(allTime(Query{Action: "started"})) // a read between adds
		}
	}
	assert.Equal(t, 200, s.Len())
	n, page := s.Search(allTime(Query{Limit: 1000}))
	require.Equal(t, 200, n)
	for i, e := range page {
		assert.Equal(t, all[i].ID, e.ID)
	}
	n, _ = s.Search(allTime(Query{ProviderEmail: "doc07@example.test"}))
	assert.Equal(t, 5, n, "added events are searchable by their folded fields")
}
