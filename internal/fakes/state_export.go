package fakes

import (
	"maps"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// Export is what requests changed in the world, as a state document.
// Changes that span stores wait while the stores are copied (a few
// milliseconds for a full world: records are copied, not decoded), so
// the document never holds a visit without its events or slot; the copy is turned
// into the document after they resume.
func (w *World) Export() (*statedoc.Document, error) {
	// The timeline first (its lock comes before the state's): an event
	// cannot apply between the copy of the world and of its progress.
	w.tline.mu.Lock()
	defer w.tline.mu.Unlock()
	w.state.Lock()
	visits := w.Visits.frozen()
	events := w.Events.Frozen()
	patients := w.Patients.packed()
	reports := w.Reports.all()
	slots := w.Slots.All()
	sessions, unmatched := w.Sessions.all()
	w.state.Unlock()

	s := &statedoc.Document{Format: statedoc.Format, Version: statedoc.Version, Generated: w.generatedState(),
		Visits: make([]statedoc.Visit, 0, len(visits)), Patients: make([]statedoc.Patient, 0, len(patients)),
		Events: make([]statedoc.Event, 0, events.Len()), Reports: make([]statedoc.Report, 0, len(reports)),
		Slots: make([]statedoc.Slot, 0, len(slots)), Sessions: make([]statedoc.Session, 0, len(sessions)),
		UnmatchedSessionEvents: unmatched, Timeline: w.tline.section()}
	if w.Clock != nil {
		s.ExportedAt = w.Clock.Now()
	}
	untouched := exportVisits(s, w.Visits.syms, visits)
	providers := w.Fixtures.providerIndex()
	events.Each(func(e *ProviderEvent, derived bool) {
		if !untouched[e.VisitID] {
			s.Events = append(s.Events, eventState(e, derived, providers))
		}
	})
	for _, packed := range patients {
		p := unpackPatient(packed)
		s.Patients = append(s.Patients, statedoc.Patient{Patient: p, Guest: p.Guest})
	}
	for _, r := range reports {
		s.Reports = append(s.Reports, reportState(&r))
	}
	for _, t := range slots {
		s.Slots = append(s.Slots, slotState(t))
	}
	for _, id := range slices.Sorted(maps.Keys(sessions)) {
		s.Sessions = append(s.Sessions, sessionState(id, sessions[id]))
	}
	return s, nil
}

func (w *World) generatedState() statedoc.Generated {
	g := statedoc.Generated{Seed: w.opts.Seed, HistoryDays: max(w.opts.HistoryDays, 0), HistoryAt: w.historyAt}
	if w.template != nil {
		g.Fixtures = w.template.fingerprint
	}
	return g
}

// exportVisits adds every visit a request created or changed, and
// returns the ids of the generated visits left as generated (referenced,
// not copied, with their events).
func exportVisits(s *statedoc.Document, syms *symtab, recs []visitRec) map[string]bool {
	untouched := map[string]bool{}
	var v Visit
	for i := range recs {
		r := &recs[i]
		if r.flags&flagSynthetic != 0 && r.flags&flagChanged == 0 {
			untouched[r.id()] = true
			continue
		}
		syms.decodeVisit(r, &v, decodeNoSessions)
		vs := visitState(&v, r.flags&flagSessions != 0)
		vs.Qualifiers = append([]string(nil), vs.Qualifiers...)
		s.Visits = append(s.Visits, vs)
	}
	return untouched
}

// frozen copies the records in stable order. Records never change in
// place (a change stores a new one), so the copy needs no decoding.
func (s *VisitStore) frozen() []visitRec {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]visitRec, len(s.order))
	for k, i := range s.order {
		out[k] = s.recs[i]
	}
	return out
}

// packed lists the runtime patients as stored, by GUID.
func (s *PatientStore) packed() []string {
	s.mu.RLock()
	keys := slices.Collect(maps.Keys(s.added))
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = s.added[k]
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(firstText(a), firstText(b)) })
	return out
}
