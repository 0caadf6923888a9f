package fakes

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

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
