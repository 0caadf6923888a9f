package fakes

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Events added in any order, a few at a time, between reads and on top
// of a loaded history, are read back in (Timestamp, ID) order.
func TestAddedEventsReadInOrder(t *testing.T) {
	s := NewEventStore()
	all := syntheticEvents(200)
	s.Load(all[:50])
	rest := append([]ProviderEvent(nil), all[50:]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	for i := 0; i < len(rest); i += 3 {
		s.Add(rest[i:min(i+3, len(rest))]...)
		if i%30 == 0 {
			s.Search(allTime(EventQuery{Action: "started"})) // a read between adds
		}
	}
	assert.Equal(t, 200, s.Len())
	n, page := s.Search(allTime(EventQuery{Limit: 1000}))
	require.Equal(t, 200, n)
	for i, e := range page {
		assert.Equal(t, all[i].ID, e.ID)
	}
	n, _ = s.Search(allTime(EventQuery{ProviderEmail: "doc07@example.test"}))
	assert.Equal(t, 5, n, "added events are searchable by their folded fields")
}

// The store keeps the longest planned queue wait, which bounds how far
// back a queue read looks.
func TestQueueSpanIsTheLongestPlannedWait(t *testing.T) {
	s := NewVisitStore()
	visit := func(id string, kind VisitKind, tl ...Transition) Visit {
		return Visit{ID: id, Kind: kind, Created: t0, Timeline: tl}
	}
	req := Transition{Status: StatusRequested, At: t0}
	room := Transition{Status: StatusWaitingRoom, At: t0.Add(time.Minute)}
	s.Add(visit("a", KindVirtual, req, room, Transition{Status: StatusInVisit, At: t0.Add(10 * time.Minute)}))
	s.Add(visit("b", KindGuest, req, Transition{Status: StatusCancelled, At: t0.Add(3 * time.Minute)}))
	s.Add(visit("c", KindProviderBooking, Transition{Status: StatusScheduled, At: t0}, Transition{Status: StatusDone, At: t0.Add(48 * time.Hour)}))
	assert.Equal(t, 10*time.Minute, s.QueueSpan(), "bookings do not queue")
	s.Add(visit("d", KindVirtual, req, room))
	assert.Equal(t, time.Duration(math.MaxInt64), s.QueueSpan(), "a visit that never leaves the queue")
}
