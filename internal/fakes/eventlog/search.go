package eventlog

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Query is an All Providers Report search. Empty filters match
// everything; the others must all match (AND), exactly and
// case-insensitively, except ProviderCredentials, which matches values
// that contain it.
type Query struct {
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

// matcher is a query compiled against the store's tables: for each
// filtered dimension, which table entries pass. nil: no filter there.
type matcher struct {
	actions []bool
	visits  []uint32
	provs   []bool
	actors  []bool
}

func (m *matcher) match(r *rec) bool {
	if m.actions != nil && !m.actions[r.action] {
		return false
	}
	if m.provs != nil && !m.provs[r.prov] {
		return false
	}
	if m.actors != nil && !m.actors[r.actor] {
		return false
	}
	if m.visits == nil {
		return true
	}
	for _, v := range m.visits {
		if r.visit == v {
			return true
		}
	}
	return false
}

func (m *matcher) all() bool {
	return m.actions == nil && m.visits == nil && m.provs == nil && m.actors == nil
}

// compile resolves the filters against the tables; ok is false when some
// filter matches no value any event has, so nothing can match. Caller
// holds s.mu.
func (s *Store) compile(q *Query) (m matcher, ok bool) {
	if q.Action != "" {
		if m.actions, ok = passing(s.actions.list, func(a string) bool { return strings.EqualFold(a, q.Action) }); !ok {
			return m, false
		}
	}
	if q.VisitID != "" {
		if m.visits = s.visitIDs(q.VisitID); len(m.visits) == 0 {
			return m, false
		}
	}
	if q.wantsProvider() {
		if m.provs, ok = passing(s.provs.list, q.matchProvider); !ok {
			return m, false
		}
	}
	if q.wantsActor() {
		if m.actors, ok = passing(s.actors.list, q.matchActor); !ok {
			return m, false
		}
	}
	return m, true
}

// passing marks the entries pred accepts; ok is false when none does.
func passing[K any](list []K, pred func(K) bool) (out []bool, ok bool) {
	out = make([]bool, len(list))
	for i, k := range list {
		out[i] = pred(k)
		ok = ok || out[i]
	}
	return out, ok
}

// visitIDs are the table entries for a visit id, matched without regard
// to case for ids stored in one case (as every UUID is).
func (s *Store) visitIDs(id string) []uint32 {
	var out []uint32
	for _, form := range []string{id, strings.ToLower(id), strings.ToUpper(id)} {
		if v, ok := s.visits.ids[form]; ok && v != 0 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (q *Query) wantsProvider() bool {
	return q.ProviderID != "" || q.ProviderEmail != "" || q.ProviderName != "" ||
		q.ProviderFirstName != "" || q.ProviderLastName != "" || q.ProviderCredentials != ""
}

func (q *Query) matchProvider(p provIdent) bool {
	return foldMatch(q.ProviderID, p.ID) && foldMatch(q.ProviderEmail, p.Email) &&
		foldMatch(q.ProviderName, p.Name) && foldMatch(q.ProviderFirstName, p.FirstName) &&
		foldMatch(q.ProviderLastName, p.LastName) &&
		(q.ProviderCredentials == "" || strings.Contains(strings.ToLower(p.Credentials), strings.ToLower(q.ProviderCredentials)))
}

func (q *Query) wantsActor() bool {
	return q.ActorID != "" || q.ActorEmail != "" || q.ActorFirstName != "" || q.ActorLastName != ""
}

func (q *Query) matchActor(a actorIdent) bool {
	return foldMatch(q.ActorID, a.ID) && foldMatch(q.ActorEmail, a.Email) &&
		foldMatch(q.ActorFirstName, a.FirstName) && foldMatch(q.ActorLastName, a.LastName)
}

// foldMatch: an empty filter passes; otherwise equal up to case.
func foldMatch(filter, value string) bool {
	return filter == "" || strings.EqualFold(filter, value)
}

// Search returns the number of events matching q and the page of them
// from q.Offset of at most q.Limit, in (Timestamp, ID) order, as copies.
func (s *Store) Search(q Query) (int, []Event) {
	to := q.To
	if q.Now.Before(to) {
		to = q.Now
	}
	fromSec, fromNsec := q.From.Unix(), int32(q.From.Nanosecond())
	toSec, toNsec := to.Unix(), int32(to.Nanosecond())
	s.readLock()
	defer s.mu.RUnlock()
	lo := sort.Search(len(s.recs), func(i int) bool { return !s.recs[i].before(fromSec, fromNsec) })
	hi := sort.Search(len(s.recs), func(i int) bool { return s.recs[i].after(toSec, toNsec) })
	if lo >= hi {
		return 0, []Event{}
	}
	m, ok := s.compile(&q)
	if !ok {
		return 0, []Event{}
	}
	if m.all() {
		return hi - lo, s.pageLocked(lo, hi, q.Offset, q.Limit)
	}
	return s.scan(&m, lo, hi, q.Offset, q.Limit)
}

// scan counts the matches in recs[lo:hi] and decodes the page's. Caller
// holds s.mu.
func (s *Store) scan(m *matcher, lo, hi, offset, limit int) (int, []Event) {
	page := []Event{}
	n := 0
	for i := lo; i < hi; i++ {
		if !m.match(&s.recs[i]) {
			continue
		}
		if n >= offset && len(page) < limit {
			page = append(page, s.decodeLocked(&s.recs[i]))
		}
		n++
	}
	return n, page
}

// pageLocked decodes recs[lo+offset:] up to limit of them, within hi.
func (s *Store) pageLocked(lo, hi, offset, limit int) []Event {
	if offset >= hi-lo || limit <= 0 {
		return []Event{}
	}
	start := lo + offset
	end := min(start+limit, hi)
	out := make([]Event, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, s.decodeLocked(&s.recs[i]))
	}
	return out
}
