package fakes

import (
	"maps"
	"math"
	"sort"
	"sync"
	"time"
)

// VisitStore holds every visit of every kind, as compact records (see
// visitRec); reads hand out Visits decoded from them.
type VisitStore struct {
	syms    *symtab
	changed func() // counts a change of the world
	max     int    // the most visits it holds; 0: no limit

	mu    sync.RWMutex     // guards the fields below but waits (which has its own)
	recs  []visitRec       // in the order they were added
	byID  map[string]int32 // visit id → index in recs; keys share the records' text
	order []int32          // indexes in recs by Created, then ID: the stable order reports and listings use
	// queueSpan is the longest any stored visit was planned to wait in a
	// queue: a queue read need not look further back than this.
	queueSpan time.Duration
	// gen counts changes to stored records (not additions): the queue
	// counts start over when it moves.
	gen uint64
	// odd holds the queued records a queue read judges one by one
	// (queue_index.go).
	odd   map[int32]bool
	waits waitIndex
}

// NewVisitStore returns an empty store with no limit.
func NewVisitStore() *VisitStore {
	return newVisitStore(newSymtab(nil), func() {}, 0)
}

func newVisitStore(syms *symtab, changed func(), limit int) *VisitStore {
	return &VisitStore{syms: syms, changed: changed, max: limit, byID: map[string]int32{}, odd: map[int32]bool{}}
}

// Add stores v, replacing a visit with its id. A new visit beyond the
// store's limit is refused with an apierr.Full error.
func (s *VisitStore) Add(v Visit) error {
	r := s.syms.encodeVisit(&v)
	wait := recordWait(&r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queueSpan = max(s.queueSpan, wait)
	if i, ok := s.byID[v.ID]; ok {
		s.replaceLocked(i, r)
		s.changed()
		return nil
	}
	if s.max > 0 && len(s.recs) >= s.max {
		return visitLimitError(s.max)
	}
	s.appendLocked(r)
	s.changed()
	return nil
}

// appendLocked stores a new record; the caller holds s.mu for writing.
func (s *VisitStore) appendLocked(r visitRec) {
	i := int32(len(s.recs))
	s.recs = append(s.recs, r)
	s.byID[r.id()] = i
	s.insertOrderLocked(i)
	if r.odd() {
		s.odd[i] = true
	}
}

// recordWait is how long a record was planned to wait in a queue, from
// its creation to its first status past the queue; unbounded if its
// timeline never leaves it. Ending a visit early only shortens its wait,
// so a maximum taken when records are stored stays an upper bound.
func recordWait(r *visitRec) time.Duration {
	if !r.queued() {
		return 0
	}
	for _, st := range r.timeline {
		if !waitingSym(st.status) {
			return st.at().time().Sub(r.created().time())
		}
	}
	return math.MaxInt64
}

// QueueSpan is the longest planned queue wait of any stored visit.
func (s *VisitStore) QueueSpan() time.Duration {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.queueSpan
}

// full reports whether a new visit would be refused.
func (s *VisitStore) full() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.max > 0 && len(s.recs) >= s.max
}

// replaceLocked swaps record i for r, keeping order sorted; the caller
// holds s.mu for writing.
func (s *VisitStore) replaceLocked(i int32, r visitRec) {
	old := s.recs[i]
	s.recs[i] = r
	s.gen++
	// A change may lengthen the visit's wait; queue reads must look back
	// that far.
	s.queueSpan = max(s.queueSpan, recordWait(&r))
	if r.odd() {
		s.odd[i] = true
	} else {
		delete(s.odd, i)
	}
	s.byID[r.id()] = i // the key now shares the new record's text
	if old.created() == r.created() {
		return
	}
	for k, j := range s.order {
		if j == i {
			s.order = append(s.order[:k], s.order[k+1:]...)
			break
		}
	}
	s.insertOrderLocked(i)
}

func (s *VisitStore) insertOrderLocked(i int32) {
	r := &s.recs[i]
	k := sort.Search(len(s.order), func(k int) bool { return recLess(r, &s.recs[s.order[k]]) })
	s.order = append(s.order, 0)
	copy(s.order[k+1:], s.order[k:])
	s.order[k] = i
}

func recLess(a, b *visitRec) bool {
	if ca, cb := a.created(), b.created(); ca != cb {
		return ca.before(cb)
	}
	return a.id() < b.id()
}

// Get returns a copy of the visit with that id.
func (s *VisitStore) Get(id string) (Visit, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.byID[id]
	if !ok {
		return Visit{}, false
	}
	var v Visit
	s.syms.decodeVisit(&s.recs[i], &v, decodeOwn)
	return v, true
}

// Update applies fn to a copy of the stored visit under the store's lock
// and stores the result; fn must not call back into the store, and a
// change of ID is ignored.
func (s *VisitStore) Update(id string, fn func(v *Visit) error) (Visit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.byID[id]
	if !ok {
		return Visit{}, errVisitNotFound
	}
	var v Visit
	s.syms.decodeVisit(&s.recs[i], &v, decodeOwn)
	if err := fn(&v); err != nil {
		return Visit{}, err
	}
	v.ID = s.recs[i].id()
	r := s.syms.encodeVisit(&v)
	r.flags |= s.recs[i].flags & flagChanged
	if r.flags&flagSynthetic != 0 {
		r.flags |= flagChanged
	}
	s.replaceLocked(i, r)
	s.changed()
	return v.clone(), nil
}

// Each calls fn with every visit created in [from, to), in stable order,
// until fn returns false. It holds the read lock throughout, so fn must be
// quick and must not call back into the store; the visit it gets is
// reused for the next one, so fn must neither keep nor change it.
func (s *VisitStore) Each(from, to time.Time, fn func(v *Visit) bool) {
	s.EachAfter(from, "", to, fn)
}

// EachAfter is Each resuming after a cursor: it starts after the visit
// (from, afterID) in stable order, or at from when afterID is "", so a
// caller paging through visits created at one instant never rescans them.
func (s *VisitStore) EachAfter(from time.Time, afterID string, to time.Time, fn func(v *Visit) bool) {
	var v Visit
	s.eachRecAfter(from, afterID, to, func(r *visitRec) bool {
		s.syms.decodeVisit(r, &v, decodeShared)
		return fn(&v)
	})
}

// eachRec is Each over the stored records, for scans that read a field
// or two and should not decode whole visits.
func (s *VisitStore) eachRec(from, to time.Time, fn func(r *visitRec) bool) {
	s.eachRecAfter(from, "", to, fn)
}

// eachRecAll is eachRec over every record, whenever created.
func (s *VisitStore) eachRecAll(fn func(r *visitRec) bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, i := range s.order {
		if !fn(&s.recs[i]) {
			return
		}
	}
}

func (s *VisitStore) eachRecAfter(from time.Time, afterID string, to time.Time, fn func(r *visitRec) bool) {
	lo, hi := instantOf(from), instantOf(to)
	s.mu.RLock()
	defer s.mu.RUnlock()
	k := sort.Search(len(s.order), func(k int) bool {
		r := &s.recs[s.order[k]]
		if c := r.created(); c != lo || afterID == "" {
			return !c.before(lo)
		}
		return r.id() > afterID
	})
	for ; k < len(s.order); k++ {
		r := &s.recs[s.order[k]]
		if !r.created().before(hi) || !fn(r) {
			return
		}
	}
}

// Len is the number of stored visits.
func (s *VisitStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.recs)
}

// cloneShifted copies the store for a new world, every time moved by
// shift; records whose times do not move share their timelines.
func (s *VisitStore) cloneShifted(syms *symtab, changed func(), limit int, shift time.Duration) *VisitStore {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := &VisitStore{syms: syms, changed: changed, max: limit,
		recs: make([]visitRec, len(s.recs), max(len(s.recs), 64)), byID: maps.Clone(s.byID),
		order: append([]int32(nil), s.order...), queueSpan: s.queueSpan, odd: maps.Clone(s.odd)}
	copy(c.recs, s.recs)
	if shift == 0 {
		return c
	}
	n := 0
	for i := range c.recs {
		n += len(c.recs[i].timeline)
	}
	slab := make([]step, 0, n) // one allocation for every moved timeline
	for i := range c.recs {
		slab = c.recs[i].shift(shift, slab)
	}
	return c
}

// shift moves every time of the record by d. The moved timeline is
// appended to slab (returned grown), so a record shared with a template
// keeps its own.
func (r *visitRec) shift(d time.Duration, slab []step) []step {
	c := r.created().time().Add(d)
	r.createdSec, r.createdNsec = c.Unix(), int32(c.Nanosecond())
	if slot := (instant{r.slotSec, r.slotNsec}).time(); !slot.IsZero() {
		slot = slot.Add(d)
		r.slotSec, r.slotNsec = slot.Unix(), int32(slot.Nanosecond())
	}
	start := len(slab)
	for _, st := range r.timeline {
		at := st.at().time().Add(d)
		st.sec, st.nsec = at.Unix(), int32(at.Nanosecond())
		slab = append(slab, st)
	}
	r.timeline = slab[start:len(slab):len(slab)]
	return slab
}
