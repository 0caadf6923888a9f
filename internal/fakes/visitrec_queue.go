package fakes

import "time"

// Record-level reads for the queue scans, which run on every visit
// created and every wait-time read: a field or two per record, no decode.

// queued reports whether the visit's kind waits in a virtual queue.
func (r *visitRec) queued() bool {
	k := r.syms[fKind]
	return k == symVirtual || k == symGuest
}

// statusAt is the status at t, read as Visit.StatusAt reads it (never
// before the first transition).
func (r *visitRec) statusAt(t instant) sym {
	if len(r.timeline) == 0 {
		return symEmpty
	}
	if t.before(r.timeline[0].at()) {
		t = r.timeline[0].at()
	}
	status := symEmpty
	for _, s := range r.timeline {
		if t.before(s.at()) {
			break
		}
		status = s.status
	}
	return status
}

// waitingAt reports whether the visit waits for a provider at t.
func (r *visitRec) waitingAt(t instant) bool {
	if !r.queued() {
		return false
	}
	return waitingSym(r.statusAt(t))
}

// start is when the visit is planned to start (zero if never).
func (r *visitRec) start() instant {
	for _, s := range r.timeline {
		if s.status == symInVisit {
			return s.at()
		}
	}
	return instantOf(time.Time{})
}

// poolSyms is the pool a queued record waits in, as symbols.
type poolSyms struct{ practice, region, modality, qualifiers sym }

func (r *visitRec) pool() poolSyms {
	return poolSyms{r.syms[fPractice], r.syms[fRegion], r.syms[fModality], r.syms[fQualifiers]}
}

// poolKeys turns pool symbols into pool keys, each worked out once.
type poolKeys struct {
	syms *symtab
	keys map[poolSyms]string
}

func (p *poolKeys) key(ps poolSyms) string {
	if k, ok := p.keys[ps]; ok {
		return k
	}
	q := defaultQualifier
	if l := p.syms.list(ps.qualifiers); len(l) > 0 {
		q = l[0]
	}
	k := Pool{PracticeID: p.syms.str(ps.practice), Region: p.syms.str(ps.region),
		Modality: p.syms.str(ps.modality), Qualifier: q}.Key()
	p.keys[ps] = k
	return k
}

func (s *VisitStore) poolKeys() *poolKeys {
	return &poolKeys{syms: s.syms, keys: map[poolSyms]string{}}
}
