package fakes

import (
	"time"

	"github.com/mockdex/mockdex/internal/timeline"
)

// States of a timeline event at a time, as GET /_mockdex/timeline and the
// dashboard show them.
const (
	EventPending = "pending" // its time has not come
	EventWaiting = "waiting" // for its count of calls
	EventActive  = "active"  // a window holding now
	EventOver    = "over"    // a window that has ended
	EventApplied = "applied" // a once-only event that happened
)

// EventStatus is where one event stands at a time.
type EventStatus struct {
	ID    string
	State string
	// FiresAt is a clock-time event's time; FiredAt when it fired (a
	// count, or a once-only event applied); EndsAt a window's end.
	FiresAt, FiredAt, EndsAt time.Time
}

// TimelineStatus is the world's timeline at now (nil: none), each event's
// status, and the calls counted.
func (w *World) TimelineStatus(now time.Time) (*timeline.Timeline, []EventStatus, map[string]int) {
	tl, p := w.Timeline()
	if tl == nil {
		return nil, nil, nil
	}
	out := make([]EventStatus, 0, len(tl.Events))
	for i := range tl.Events {
		out = append(out, eventStatus(&tl.Events[i], p, now))
	}
	return tl, out, p.Calls
}

func eventStatus(e *timeline.Event, p TimelineProgress, now time.Time) EventStatus {
	st := EventStatus{ID: e.ID, FiresAt: e.At}
	from, fired := p.Fired[e.ID]
	if fired {
		st.FiredAt = from
	} else if e.After == nil {
		from = e.At
	}
	hasStart := fired || e.After == nil
	if end, ok := e.End(from); ok && hasStart {
		st.EndsAt = end
	}
	switch {
	case !hasStart:
		st.State = EventWaiting
	case !e.Kind.Window() && fired:
		st.State = EventApplied
	case now.Before(from):
		st.State = EventPending
	case !e.Kind.Window():
		st.State = EventApplied // due: the access that asks applies it first
	case !st.EndsAt.IsZero() && !now.Before(st.EndsAt):
		st.State = EventOver
	default:
		st.State = EventActive
	}
	return st
}
