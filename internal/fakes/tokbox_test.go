package fakes_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
)

func TestSessionEventsFileUnderTheirVisit(t *testing.T) {
	w := newWorld(t)
	v, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)
	other, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)

	id, ok := w.RecordSessionEvent(v.WaitingRoomSession, fakes.SessionEvent{At: monday9, Event: "connectionCreated", ConnectionID: "c1"})
	assert.True(t, ok)
	assert.Equal(t, v.ID, id)
	_, ok = w.RecordSessionEvent(v.VideoSession, fakes.SessionEvent{At: monday9, Event: "streamCreated", StreamID: "s1"})
	assert.True(t, ok)
	evs := w.SessionEvents(v.ID)
	require.Len(t, evs, 2)
	assert.Equal(t, []string{fakes.SessionWaitingRoom, "connectionCreated", "c1"}, []string{evs[0].Session, evs[0].Event, evs[0].ConnectionID})
	assert.Equal(t, []string{fakes.SessionVideo, "streamCreated", "s1"}, []string{evs[1].Session, evs[1].Event, evs[1].StreamID})
	assert.Empty(t, w.SessionEvents(other.ID), "the other visit's history is its own")

	for _, unknown := range []string{"", "2_MX40NjQ5NzM1Mn5-MTYzNzI2MzA3MzU2Mn5pcktjWSsreTF5bFBIQ25lOHUvb1B2L1B-fg", "1_" + v.WaitingRoomSession[2:]} {
		_, ok := w.RecordSessionEvent(unknown, fakes.SessionEvent{Event: "connectionCreated"})
		assert.False(t, ok, unknown)
	}
	assert.Equal(t, 3, w.UnmatchedSessionEvents(), "accepted and counted only")
}

func TestSessionLogKeepsTheNewest(t *testing.T) {
	w := newWorld(t)
	v, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)
	for i := range 250 {
		w.RecordSessionEvent(v.VideoSession, fakes.SessionEvent{Event: "streamCreated", Timestamp: int64(i)})
	}
	evs := w.SessionEvents(v.ID)
	require.Len(t, evs, 200)
	assert.Equal(t, int64(50), evs[0].Timestamp)
	assert.Equal(t, int64(249), evs[199].Timestamp)
}
