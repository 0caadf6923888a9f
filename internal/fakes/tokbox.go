package fakes

import (
	"encoding/base64"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// Session kinds of a virtual visit's two TokBox sessions.
const (
	SessionWaitingRoom = "waitingRoom"
	SessionVideo       = "videoConference"
)

// maxSessionEventsPerVisit bounds one visit's session log: a chatty or
// looping webhook keeps the newest events, not all of them.
const maxSessionEventsPerVisit = 200

// SessionEvent is one TokBox webhook event (POST /api/9/tokbox-events) on
// one of a visit's sessions, as recorded. The connection's data (often
// the user's details as JSON) is not kept.
type SessionEvent struct {
	At           time.Time // mock time it arrived
	Session      string    // SessionWaitingRoom or SessionVideo
	Event        string    // connectionCreated, streamCreated, ...
	ProjectID    string
	Timestamp    int64 // TokBox's own, milliseconds since the epoch
	ConnectionID string
	StreamID     string
	StreamName   string
	VideoType    string
}

// SessionLog holds the session events of each visit.
type SessionLog struct {
	mu        sync.Mutex                // guards byVisit and unmatched
	byVisit   map[string][]SessionEvent // visit id → events, oldest first
	unmatched int                       // events for sessions of no visit
}

// NewSessionLog returns an empty log.
func NewSessionLog() *SessionLog { return &SessionLog{byVisit: map[string][]SessionEvent{}} }

// RecordSessionEvent files e under the visit whose session sessionID is,
// and says which visit that was. An event for a session no visit has is
// accepted and counted only, as DexCare accepts it.
func (w *World) RecordSessionEvent(sessionID string, e SessionEvent) (string, bool) {
	v, kind, ok := w.visitOfSession(sessionID)
	w.state.RLock() // an export sees the event or not, never half of it
	defer w.state.RUnlock()
	w.marks.session(v.ID) // "" when no visit has the session: the unmatched count
	defer w.changed()
	l := w.Sessions
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ok {
		l.unmatched++
		return "", false
	}
	e.Session = kind
	evs := append(l.byVisit[v.ID], e)
	if len(evs) > maxSessionEventsPerVisit {
		evs = append([]SessionEvent(nil), evs[len(evs)-maxSessionEventsPerVisit:]...)
	}
	l.byVisit[v.ID] = evs
	return v.ID, true
}

// SessionEvents is a copy of the visit's session events, oldest first.
func (w *World) SessionEvents(visitID string) []SessionEvent {
	l := w.Sessions
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]SessionEvent(nil), l.byVisit[visitID]...)
}

// UnmatchedSessionEvents counts events for sessions no visit has.
func (w *World) UnmatchedSessionEvents() int {
	l := w.Sessions
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.unmatched
}

// visitOfSession finds the visit a session id belongs to. The mock's
// session ids carry their visit's id (tokBoxSession), so no index is
// needed; the visit must still exist and hold exactly that session.
func (w *World) visitOfSession(sessionID string) (Visit, string, bool) {
	prefix, rest, ok := strings.Cut(sessionID, "_")
	if !ok {
		return Visit{}, "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	visitID, found := strings.CutPrefix(string(raw), "mockdex~"+prefix+"~")
	if err != nil || !found {
		return Visit{}, "", false
	}
	v, ok := w.Visits.Get(visitID)
	switch {
	case ok && v.WaitingRoomSession == sessionID:
		return v, SessionWaitingRoom, true
	case ok && v.VideoSession == sessionID:
		return v, SessionVideo, true
	}
	return Visit{}, "", false
}

// all copies the log: events by visit id, and the unmatched count.
func (l *SessionLog) all() (map[string][]SessionEvent, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string][]SessionEvent, len(l.byVisit))
	for id, evs := range l.byVisit {
		out[id] = append([]SessionEvent(nil), evs...)
	}
	return out, l.unmatched
}

// restore fills an empty log from a state document's sessions.
func (l *SessionLog) restore(list []statedoc.Session, unmatched int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ss := range list {
		evs := make([]SessionEvent, len(ss.Events))
		for i, e := range ss.Events {
			evs[i] = sessionEventOf(e)
		}
		l.byVisit[ss.VisitID] = evs
	}
	l.unmatched = unmatched
}
