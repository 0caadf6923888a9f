package fakes

// Export takes a snapshot of what requests changed in the world. Changes
// that span stores wait for it (and it for them), so the snapshot never
// holds a visit without its events or slot.
func (w *World) Export() (*Snapshot, error) {
	w.state.Lock()
	defer w.state.Unlock()
	s := &Snapshot{Format: SnapshotFormat, Version: SnapshotVersion,
		Generated: w.generatedState(), Visits: []VisitState{}, Patients: []PatientState{},
		Events: []EventState{}, Reports: []ReportState{}, Slots: []SlotState{}}
	if w.Clock != nil {
		s.ExportedAt = w.Clock.Now()
	}
	untouched := w.exportVisits(s)
	providers := w.Fixtures.providerIndex()
	w.Events.each(func(e *ProviderEvent) {
		if !untouched[e.VisitID] {
			s.Events = append(s.Events, eventState(e, providers))
		}
	})
	for _, p := range w.Patients.Added() {
		s.Patients = append(s.Patients, PatientState{Patient: p, Guest: p.Guest})
	}
	for _, r := range w.Reports.all() {
		s.Reports = append(s.Reports, reportState(&r))
	}
	for _, t := range w.Slots.All() {
		s.Slots = append(s.Slots, slotState(t))
	}
	return s, nil
}

func (w *World) generatedState() GeneratedState {
	g := GeneratedState{Seed: w.opts.Seed, HistoryDays: max(w.opts.HistoryDays, 0), HistoryAt: w.historyAt}
	if w.template != nil {
		g.Fixtures = w.template.fingerprint
	}
	return g
}

// exportVisits adds every visit a request created or changed, and
// returns the ids of the generated visits left as generated (referenced,
// not copied, with their events).
func (w *World) exportVisits(s *Snapshot) map[string]bool {
	untouched := map[string]bool{}
	var v Visit
	w.Visits.eachRecAll(func(r *visitRec) bool {
		if r.flags&flagSynthetic != 0 && r.flags&flagChanged == 0 {
			untouched[r.id()] = true
			return true
		}
		w.Visits.syms.decodeVisit(r, &v, false)
		vs := visitState(&v)
		vs.Qualifiers = append([]string(nil), vs.Qualifiers...)
		s.Visits = append(s.Visits, vs)
		return true
	})
	return untouched
}
