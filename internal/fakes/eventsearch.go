package fakes

import (
	"sort"
	"time"
)

// EventQuery is an All Providers Report search. Empty filters match
// everything; the others must all match (AND), exactly and
// case-insensitively, except ProviderCredentials, which matches values
// that contain it.
type EventQuery struct {
	From, To time.Time // inclusive bounds on Timestamp
	// Now hides planned events: only Timestamp <= Now is visible.
	Now           time.Time
	Limit, Offset int

	Action              string
	VisitID             string
	ProviderID          string
	ProviderEmail       string
	ProviderName        string
	ProviderFirstName   string
	ProviderLastName    string
	ProviderCredentials string
	ActorID             string
	ActorEmail          string
	ActorFirstName      string
	ActorLastName       string
}

// exact pairs each exact-match filter with its field.
func (q *EventQuery) exact() []struct {
	f eventField
	v string
} {
	all := []struct {
		f eventField
		v string
	}{
		{fieldAction, q.Action}, {fieldVisitID, q.VisitID}, {fieldProviderID, q.ProviderID},
		{fieldProviderEmail, q.ProviderEmail}, {fieldProviderName, q.ProviderName},
		{fieldProviderFirstName, q.ProviderFirstName}, {fieldProviderLastName, q.ProviderLastName},
		{fieldActorID, q.ActorID}, {fieldActorEmail, q.ActorEmail},
		{fieldActorFirstName, q.ActorFirstName}, {fieldActorLastName, q.ActorLastName},
	}
	out := all[:0]
	for _, c := range all {
		if c.v != "" {
			out = append(out, c)
		}
	}
	return out
}

// matcher is a query compiled against the store's dictionary.
type matcher struct {
	fields []eventField
	ids    []uint32
	creds  []uint32 // allowed credential ids; nil: no credentials filter
}

func (m *matcher) match(k *eventKey) bool {
	for i, f := range m.fields {
		if k[f] != m.ids[i] {
			return false
		}
	}
	if m.creds == nil {
		return true
	}
	for _, c := range m.creds {
		if k[fieldProviderCredentials] == c {
			return true
		}
	}
	return false
}

func (m *matcher) all() bool { return len(m.fields) == 0 && m.creds == nil }

// compile resolves the filters to ids; ok is false when some filter names
// a value no event has, so nothing can match. Caller holds s.mu.
func (s *EventStore) compile(q *EventQuery) (m matcher, ok bool) {
	for _, c := range q.exact() {
		id, found := s.dict.lookup(c.v)
		if !found {
			return m, false
		}
		m.fields, m.ids = append(m.fields, c.f), append(m.ids, id)
	}
	if q.ProviderCredentials != "" {
		m.creds = s.dict.credentialsContaining(q.ProviderCredentials)
		if len(m.creds) == 0 {
			return m, false
		}
	}
	return m, true
}

// Search returns the number of events matching q and the page of them
// from q.Offset of at most q.Limit, in (Timestamp, ID) order, as copies.
func (s *EventStore) Search(q EventQuery) (int, []ProviderEvent) {
	to := q.To
	if q.Now.Before(to) {
		to = q.Now
	}
	s.settle()
	s.mu.RLock()
	defer s.mu.RUnlock()
	lo := sort.Search(len(s.events), func(i int) bool { return !s.events[i].Timestamp.Before(q.From) })
	hi := sort.Search(len(s.events), func(i int) bool { return s.events[i].Timestamp.After(to) })
	if lo >= hi {
		return 0, []ProviderEvent{}
	}
	m, ok := s.compile(&q)
	if !ok {
		return 0, []ProviderEvent{}
	}
	if m.all() {
		return hi - lo, copyPage(s.events[lo:hi], q.Offset, q.Limit)
	}
	return s.scan(&m, lo, hi, q.Offset, q.Limit)
}

// scan counts the matches in events[lo:hi] and copies the page's. Caller
// holds s.mu.
func (s *EventStore) scan(m *matcher, lo, hi, offset, limit int) (int, []ProviderEvent) {
	page := []ProviderEvent{}
	n := 0
	for i := lo; i < hi; i++ {
		if !m.match(&s.keys[i]) {
			continue
		}
		if n >= offset && len(page) < limit {
			page = append(page, s.events[i])
		}
		n++
	}
	return n, page
}

func copyPage(evs []ProviderEvent, offset, limit int) []ProviderEvent {
	if offset >= len(evs) {
		return []ProviderEvent{}
	}
	end := min(offset+limit, len(evs))
	return append([]ProviderEvent(nil), evs[offset:end]...)
}
