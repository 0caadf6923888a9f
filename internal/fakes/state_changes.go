package fakes

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// changeMarks names what changed in a world since persistence last took
// a patch (TakeChanges), so an append-only log can be written per change
// at the cost of the change, not of the world. Nothing is recorded until
// TrackChanges: a mock without persistence pays one unlocked check per
// change.
//
// A mark is made before the change it names is counted (World.Changes),
// under the lock the change holds, so a patch taken after the count
// reached n holds every change counted up to n.
type changeMarks struct {
	mu sync.Mutex
	on bool
	markSet
}

// markSet is the names marked since the last patch.
type markSet struct {
	visits    map[string]struct{}
	slots     map[SlotKey]struct{}
	reports   map[string]struct{}
	gone      map[string]struct{}
	sessions  map[string]struct{}
	unmatched bool
	// timeline: the timeline was set or cleared, or ran on (an event
	// fired, a hold ended, a call counted).
	timeline bool
}

func (m *changeMarks) mark(add func()) {
	if m == nil {
		return
	}
	m.mu.Lock()
	if m.on {
		add()
	}
	m.mu.Unlock()
}

func (m *changeMarks) visit(id string) { m.mark(func() { m.visits[id] = struct{}{} }) }
func (m *changeMarks) slot(k SlotKey)  { m.mark(func() { m.slots[k] = struct{}{} }) }
func (m *changeMarks) report(id string) {
	m.mark(func() { m.reports[id] = struct{}{}; delete(m.gone, id) })
}
func (m *changeMarks) evicted(id string) {
	m.mark(func() { m.gone[id] = struct{}{}; delete(m.reports, id) })
}
func (m *changeMarks) session(visitID string) {
	m.mark(func() {
		if visitID == "" {
			m.unmatched = true
		} else {
			m.sessions[visitID] = struct{}{}
		}
	})
}

func (m *changeMarks) timelineRan() { m.mark(func() { m.markSet.timeline = true }) }

// take hands over the marks and starts afresh.
func (m *changeMarks) take() markSet {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.markSet
	m.reset()
	return out
}

func (m *markSet) reset() {
	m.visits, m.slots, m.reports = map[string]struct{}{}, map[SlotKey]struct{}{}, map[string]struct{}{}
	m.gone, m.sessions, m.unmatched, m.timeline = map[string]struct{}{}, map[string]struct{}{}, false, false
}

// TrackChanges starts recording what changes, for TakeChanges: call it
// once, when persistence starts logging the world (changes before it are
// in the snapshot the log starts from).
func (w *World) TrackChanges() {
	w.marks.mu.Lock()
	defer w.marks.mu.Unlock()
	if !w.marks.on {
		w.marks.on = true
		w.marks.reset()
	}
}

// TakeChanges is what changed since the last call (since TrackChanges,
// the first time) as a patch over the world's document, and the change
// count (Changes) it covers. Changes that span stores wait while the
// changed entities are copied; the cost is theirs, plus one scan of the
// provider events' indexes when visits changed.
func (w *World) TakeChanges() (*statedoc.Patch, uint64) {
	// The timeline's lock comes before the state's (as in Export): its
	// progress and the visits its events changed are taken together.
	w.tline.mu.Lock()
	defer w.tline.mu.Unlock()
	w.state.Lock()
	defer w.state.Unlock()
	n := w.changes.Load()
	m := w.marks.take()
	p := &statedoc.Patch{}
	w.patchVisits(p, slices.Sorted(maps.Keys(m.visits)))
	for k := range m.slots {
		holder, held := w.Slots.Holder(k)
		p.Slots = append(p.Slots, statedoc.SlotChange{Slot: slotState(TakenSlot{k, holder}), Free: !held})
	}
	for _, id := range slices.Sorted(maps.Keys(m.reports)) {
		if r, ok := w.Reports.Get(id); ok {
			p.Reports = append(p.Reports, reportState(&r))
		} else {
			p.ReportsGone = append(p.ReportsGone, id)
		}
	}
	p.ReportsGone = append(p.ReportsGone, slices.Sorted(maps.Keys(m.gone))...)
	for _, id := range slices.Sorted(maps.Keys(m.sessions)) {
		p.Sessions = append(p.Sessions, sessionState(id, w.SessionEvents(id)))
	}
	if m.unmatched || len(m.sessions) > 0 {
		n := w.UnmatchedSessionEvents()
		p.Unmatched = &n
	}
	if m.timeline {
		p.Timeline = &statedoc.TimelineChange{Timeline: w.tline.section()}
	}
	return p, n
}

// patchVisits adds the changed visits, each with its events, the slot it
// holds and the guest patient it made.
func (w *World) patchVisits(p *statedoc.Patch, ids []string) {
	at := map[string]int{}
	for _, id := range ids {
		v, ok := w.Visits.Get(id)
		if !ok {
			continue // marked by a create that was refused
		}
		rec := w.Visits.flags(id)
		c := statedoc.VisitChange{Visit: visitState(&v, rec&flagSessions != 0), Events: []statedoc.Event{}, Slots: []statedoc.Slot{}}
		if k, ok := w.bookedSlot(&v); ok {
			if holder, held := w.Slots.Holder(k); held && holder == v.ID {
				c.Slots = append(c.Slots, slotState(TakenSlot{k, holder}))
			}
		}
		if pat, ok := w.Patients.added1(v.PatientGUID); ok {
			c.Patient = &statedoc.Patient{Patient: pat, Guest: pat.Guest}
		}
		at[id] = len(p.Visits)
		p.Visits = append(p.Visits, c)
	}
	providers := w.Fixtures.providerIndex()
	w.Events.EachOfVisits(slices.Collect(maps.Keys(at)), func(e *ProviderEvent, derived bool) {
		c := &p.Visits[at[e.VisitID]]
		c.Events = append(c.Events, eventState(e, derived, providers))
	})
}

// bookedSlot is the slot an in-person visit was booked into.
func (w *World) bookedSlot(v *Visit) (SlotKey, bool) {
	if v.Kind.Queued() || v.SlotStart.IsZero() {
		return SlotKey{}, false
	}
	d, ok := w.Fixtures.Department(v.DepartmentID)
	if !ok {
		return SlotKey{}, false
	}
	return DepartmentSlotKey(v.NPI, d, v.SlotStart), true
}

// added1 is the patient requests created under that GUID, if any.
func (s *PatientStore) added1(guid string) (Patient, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	packed, ok := s.added[strings.ToLower(guid)]
	if !ok {
		return Patient{}, false
	}
	return unpackPatient(packed), true
}

// flags are the stored record's flags of the visit with that id.
func (s *VisitStore) flags(id string) visitFlags {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i, ok := s.byID[id]; ok {
		return s.recs[i].flags
	}
	return 0
}
