package fakes

import (
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// ImportWorld builds a world on clk from a state document: the
// template's history (moved to end where the exported world's did) with
// the document's changes on top. The whole document is checked first; a bad
// one is refused with an apierr.Invalid error naming the field, and
// nothing is built. The new world starts with Changes() == 0.
func ImportWorld(t *Template, clk clock.Clock, s *statedoc.Document) (*World, error) {
	if err := t.checkState(s); err != nil {
		return nil, err
	}
	w := t.newWorld(clk, s.Generated.HistoryAt)
	for i := range s.Visits {
		w.importVisit(&s.Visits[i])
	}
	for _, p := range s.Patients {
		p.Patient.Guest = p.Guest
		w.Patients.Add(p.Patient)
	}
	providers := t.opts.Fixtures.providerIndex()
	evs := make([]ProviderEvent, len(s.Events))
	for i := range s.Events {
		evs[i] = eventOf(&s.Events[i], providers)
	}
	w.Events.Merge(evs) // an empty id is a derived one
	for i := range s.Reports {
		w.Reports.restore(reportOf(&s.Reports[i]))
	}
	for _, sl := range s.Slots {
		w.Slots.Take(NewSlotKey(sl.NPI, sl.DepartmentID, sl.Start), slotHolder(sl))
	}
	w.Sessions.restore(s.Sessions, s.UnmatchedSessionEvents)
	w.changes.Store(0)
	return w, nil
}

// importVisit stores a visit of the document; a generated one replaces
// the history's, whose events the document lists in full.
func (w *World) importVisit(vs *statedoc.Visit) {
	v := visitOf(vs)
	if vs.Generated {
		w.Events.RemoveVisit(v.ID, func(ProviderEvent) bool { return false })
	}
	w.Visits.restore(v, vs.Generated)
}

// restore stores v as imported, past the limit (the import checked it);
// changed marks a generated visit a request had changed.
func (s *VisitStore) restore(v Visit, changed bool) {
	r := s.syms.encodeVisit(&v)
	if changed {
		r.flags |= flagChanged
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.byID[v.ID]; ok {
		s.replaceLocked(i, r)
		return
	}
	// Queue reads look back as far as the longest planned wait: an
	// imported visit's counts too (it did not, and an imported visit
	// waiting longer than any other was left out of the queue).
	s.queueSpan = max(s.queueSpan, recordWait(&r))
	s.appendLocked(r)
}

// has reports whether a visit with that id is stored.
func (s *VisitStore) has(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.byID[id]
	return ok
}

// restore puts back an imported job as it was.
func (s *ReportStore) restore(r Report) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[r.ID] = &r
	s.order = append(s.order, &r)
}
