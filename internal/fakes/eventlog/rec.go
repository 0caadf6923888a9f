package eventlog

import (
	"maps"
	"time"
)

// rec is how a provider event is stored: its time, and indexes into
// the store's tables for the values that repeat (the action, the visit,
// the provider's and the actor's names). 32 bytes where a Event
// with its search key was about 300.
type rec struct {
	sec    int64
	nsec   int32
	action uint32 // in Store.actions
	visit  uint32 // in Store.visits
	prov   uint32 // in Store.provs
	actor  uint32 // in Store.actors
	id     uint32 // in Store.ids; 0: the id eventID derives from visit and action
}

// time is when the event happened (or will).
func (r *rec) time() time.Time { return time.Unix(r.sec, int64(r.nsec)).UTC() }

// before and after compare r with a time as stored (Unix seconds and
// nanoseconds), without building a time.Time.
func (r *rec) before(sec int64, nsec int32) bool {
	return r.sec < sec || r.sec == sec && r.nsec < nsec
}

func (r *rec) after(sec int64, nsec int32) bool {
	return r.sec > sec || r.sec == sec && r.nsec > nsec
}

// provIdent is everything an event says about its provider.
type provIdent struct {
	ID, Email, Name, FirstName, LastName, Credentials string
}

// actorIdent is everything an event says about who acted.
type actorIdent struct {
	ID, Email, FirstName, LastName string
}

// table interns values of one type; index 0 is the zero value. Values
// are never dropped (an event removed may leave its values behind),
// which only costs memory, bounded by the visits that brought them.
type table[K comparable] struct {
	ids  map[K]uint32
	list []K
}

func newTable[K comparable]() table[K] {
	var zero K
	return table[K]{ids: map[K]uint32{zero: 0}, list: []K{zero}}
}

func (t *table[K]) intern(k K) uint32 {
	if id, ok := t.ids[k]; ok {
		return id
	}
	id := uint32(len(t.list))
	t.ids[k] = id
	t.list = append(t.list, k)
	return id
}

func (t *table[K]) clone() table[K] {
	return table[K]{ids: maps.Clone(t.ids), list: append([]K(nil), t.list...)}
}

// encodeLocked interns e's values; derived says e's id is the one
// eventID gives (and need not be kept). The caller holds s.mu for writing.
func (s *Store) encodeLocked(e *Event, derived bool) rec {
	r := rec{
		sec: e.Timestamp.Unix(), nsec: int32(e.Timestamp.Nanosecond()),
		action: s.actions.intern(e.Action), visit: s.visits.intern(e.VisitID),
		prov: s.provs.intern(provIdent{e.ProviderID, e.ProviderEmail, e.ProviderName,
			e.ProviderFirstName, e.ProviderLastName, e.ProviderCredentials}),
		actor: s.actors.intern(actorIdent{e.ActorID, e.ActorEmail, e.ActorFirstName, e.ActorLastName}),
	}
	if !derived {
		r.id = uint32(len(s.ids))
		s.ids = append(s.ids, e.ID)
	}
	return r
}

// derivedID reports whether e's id is the one eventID gives its
// visit and action, so the store need not keep it. Only a version 5 UUID
// can be, which spares the hash for every other id.
func derivedID(e *Event) bool {
	return len(e.ID) == 36 && e.ID[14] == '5' && e.ID == ID(e.VisitID, e.Action)
}

// decodeLocked is the event r stands for; the caller holds s.mu.
func (s *Store) decodeLocked(r *rec) Event {
	e := s.decodeNoIDLocked(r)
	if r.id == 0 {
		e.ID = ID(e.VisitID, e.Action)
	}
	return e
}

// decodeNoIDLocked is decodeLocked leaving a derived id empty, for
// callers that do not need it worked out.
func (s *Store) decodeNoIDLocked(r *rec) Event {
	p, a := &s.provs.list[r.prov], &s.actors.list[r.actor]
	e := Event{
		ID: s.ids[r.id], Timestamp: r.time(), Action: s.actions.list[r.action], VisitID: s.visits.list[r.visit],
		ProviderID: p.ID, ProviderEmail: p.Email, ProviderName: p.Name,
		ProviderFirstName: p.FirstName, ProviderLastName: p.LastName, ProviderCredentials: p.Credentials,
		ActorID: a.ID, ActorEmail: a.Email, ActorFirstName: a.FirstName, ActorLastName: a.LastName,
	}
	return e
}

// idLocked is r's id; the caller holds s.mu.
func (s *Store) idLocked(r *rec) string {
	if r.id != 0 {
		return s.ids[r.id]
	}
	return ID(s.visits.list[r.visit], s.actions.list[r.action])
}

// recLessLocked orders records by (Timestamp, ID); ids are only worked
// out for records at the same instant.
func (s *Store) recLessLocked(a, b *rec) bool {
	if a.sec != b.sec || a.nsec != b.nsec {
		return a.before(b.sec, b.nsec)
	}
	return s.idLocked(a) < s.idLocked(b)
}
