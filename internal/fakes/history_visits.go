package fakes

import "time"

// virtualVisit plans a virtual (or guest) visit requested at created:
// waiting room, then a provider takes it, or the patient gives up, or a
// first provider declines and a second one takes it.
func (h *history) virtualVisit(created time.Time) {
	pool := h.pools[h.fake.Number(0, len(h.pools)-1)]
	v := h.baseVisit(KindVirtual, created)
	if h.fake.Number(1, 4) == 1 {
		v.Kind, v.PatientGUID = KindGuest, h.uuid()
	}
	v.PracticeID, v.RegionCode, v.Brand = pool.practice.ID, pool.region.RegionCode, pool.practice.Brand
	v.Modality, v.Qualifiers, v.Timezone = pool.modality, []string{pool.qualifier}, pool.region.Timezone
	dept := practiceDepartment(pool.practice, "") // as a live visit that names no department
	v.DepartmentID, v.EHRSystemName = dept.EpicDepartmentID, dept.EHRSystemName
	wr := created.Add(time.Duration(h.fx.Settings.WaitingRoomAfterSeconds) * time.Second)
	v.Timeline = []Transition{{Status: StatusRequested, At: created}, {Status: StatusWaitingRoom, At: wr}}
	switch roll := h.fake.Number(1, 10); {
	case roll == 1:
		v.Timeline = append(v.Timeline, Transition{Status: StatusCancelled, At: wr.Add(h.seconds(60, 900))})
		h.keep(v, nil)
	case roll == 2 && len(pool.providers) > 1:
		h.declinedThenSeen(v, pool, wr)
	default:
		h.seen(v, pool.providers[h.fake.Number(0, len(pool.providers)-1)], wr, nil)
	}
}

// seen completes v with provider p taking it after a wait from wr.
func (h *history) seen(v Visit, p Provider, wr time.Time, evs []ProviderEvent) {
	mean := max(h.fx.Settings.MeanHandleSeconds, 60)
	in := wr.Add(h.seconds(30, 2*mean))
	length := max(h.fx.Settings.VisitLengthSeconds, 60)
	done := in.Add(h.seconds(length/2, length*3/2))
	v.Timeline = append(v.Timeline,
		Transition{Status: StatusInVisit, At: in, ProviderID: p.ID},
		Transition{Status: StatusDone, At: done, ProviderID: p.ID})
	evs = append(evs,
		h.event(ActionAssigned, in, &v, p),
		h.event(ActionStarted, in, &v, p),
		h.event(ActionCompleted, done, &v, p))
	h.keep(v, evs)
}

// declinedThenSeen has one provider decline v before another sees it.
func (h *history) declinedThenSeen(v Visit, pool histPool, wr time.Time) {
	i := h.fake.Number(0, len(pool.providers)-1)
	first, second := pool.providers[i], pool.providers[(i+1)%len(pool.providers)]
	at := wr.Add(h.seconds(30, 300))
	evs := []ProviderEvent{
		h.event(ActionAssigned, at, &v, first),
		h.event(ActionDeclined, at.Add(h.seconds(10, 120)), &v, first),
	}
	h.seen(v, second, at.Add(2*time.Minute), evs)
}

// providerBooking plans an in-person visit with a provider on one of the
// day's slots, booked up to three days before.
func (h *history) providerBooking(day time.Time) {
	p := h.inPerson[h.fake.Number(0, len(h.inPerson)-1)]
	d, ok := h.fx.Department(p.Departments[h.fake.Number(0, len(p.Departments)-1)])
	if !ok {
		return
	}
	v, ok := h.inPersonVisit(KindProviderBooking, d, day, p.ID)
	if !ok {
		return
	}
	v.NPI = p.NPI
	slot, done := v.Timeline[1].At, v.Timeline[2].At
	booked := h.event(ActionBooked, v.Created, &v, p)
	if h.fake.Number(1, 3) == 1 { // a guardian booked it for the patient
		g := histGuardians[h.fake.Number(0, len(histGuardians)-1)]
		g.ID = ActorID(v.PatientGUID, g)
		v.Declaration, v.Actor = declarationOther, &g
		booked.ActorID, booked.ActorEmail, booked.ActorFirstName, booked.ActorLastName = g.ID, g.Email, g.FirstName, g.LastName
	}
	h.keep(v, []ProviderEvent{booked, h.event(ActionStarted, slot, &v, p), h.event(ActionCompleted, done, &v, p)})
}

// retailVisit plans a retail hand-off booking at a retail site; retail
// sites have no named providers, so it records no provider events.
func (h *history) retailVisit(day time.Time) {
	d := h.retail[h.fake.Number(0, len(h.retail)-1)]
	if v, ok := h.inPersonVisit(KindRetail, d, day, ""); ok {
		h.keep(v, nil)
	}
}

// inPersonVisit plans scheduled → invisit → done with providerID (empty
// for retail) on a random slot of department d's local day containing
// day, as a live booking would; false if d is closed then.
func (h *history) inPersonVisit(kind VisitKind, d Department, day time.Time, providerID string) (Visit, bool) {
	slots := d.SlotStartsOn(day.Add(12 * time.Hour))
	if len(slots) == 0 || len(d.VisitTypes) == 0 {
		return Visit{}, false
	}
	slot := slots[h.fake.Number(0, len(slots)-1)]
	if !slot.After(h.start) {
		return Visit{}, false // the local day began before the history did
	}
	created := slot.Add(-h.seconds(3600, 3*24*3600))
	if created.Before(h.start) {
		created = h.start
	}
	v := h.baseVisit(kind, created)
	v.DepartmentID, v.EHRSystemName, v.Brand, v.Timezone = d.ID, d.EHRSystemName, d.Brand, d.Timezone
	v.Modality, v.SlotStart, v.SlotMinutes = modalityInPerson, slot, d.SlotMinutes
	v.VisitTypeID = d.VisitTypes[h.fake.Number(0, len(d.VisitTypes)-1)].ID
	v.Timeline = bookingTimeline(created, slot, d.SlotMinutes, providerID)
	return v, true
}

// baseVisit is the part every generated visit shares.
func (h *history) baseVisit(kind VisitKind, created time.Time) Visit {
	v := Visit{
		ID: h.uuid(), Kind: kind, Created: created, Synthetic: true,
		VisitReason:   histReasons[h.fake.Number(0, len(histReasons)-1)],
		PaymentMethod: histPayments[h.fake.Number(0, len(histPayments)-1)],
		Declaration:   "self", AcceptTerms: true,
	}
	if len(h.patients) > 0 {
		p := h.patients[h.fake.Number(0, len(h.patients)-1)]
		v.PatientGUID, v.HomeMarket = p.PatientGUID, p.HomeMarket
	}
	return v
}
