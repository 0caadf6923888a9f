package fakes

import "time"

// Conversions between the stores' values and the state document's.

// visitState is v as the document has it; derivedSessions says v's TokBox
// sessions are the ones its id gives, which the document leaves out.
func visitState(v *Visit, derivedSessions bool) VisitState {
	s := VisitState{
		ID: v.ID, Kind: string(v.Kind), Generated: v.Synthetic, Created: v.Created,
		PatientGUID: v.PatientGUID, UserID: v.UserID, PracticeID: v.PracticeID, RegionCode: v.RegionCode,
		Modality: v.Modality, Qualifiers: v.Qualifiers, Brand: v.Brand, HomeMarket: v.HomeMarket,
		DepartmentID: v.DepartmentID, EHRSystemName: v.EHRSystemName, NPI: v.NPI, VisitTypeID: v.VisitTypeID,
		SlotStart: v.SlotStart, SlotMinutes: v.SlotMinutes, Timezone: v.Timezone,
		VisitReason: v.VisitReason, PaymentMethod: v.PaymentMethod, Declaration: v.Declaration,
		AcceptTerms: v.AcceptTerms, Urgency: v.Urgency, AssessmentTool: v.AssessmentTool,
		Timeline: make([]TransitionState, len(v.Timeline)),
	}
	for i, tr := range v.Timeline {
		s.Timeline[i] = TransitionState(tr)
	}
	if v.Actor != nil {
		a := PersonState(*v.Actor)
		s.Actor = &a
	}
	if !derivedSessions {
		s.TokBox = &TokBoxState{WaitingRoomSession: v.WaitingRoomSession, VideoSession: v.VideoSession}
	}
	return s
}

func (s *VisitState) visit() Visit {
	v := Visit{
		ID: s.ID, Kind: VisitKind(s.Kind), Synthetic: s.Generated, Created: s.Created.UTC(),
		PatientGUID: s.PatientGUID, UserID: s.UserID, PracticeID: s.PracticeID, RegionCode: s.RegionCode,
		Modality: s.Modality, Qualifiers: s.Qualifiers, Brand: s.Brand, HomeMarket: s.HomeMarket,
		DepartmentID: s.DepartmentID, EHRSystemName: s.EHRSystemName, NPI: s.NPI, VisitTypeID: s.VisitTypeID,
		SlotStart: s.SlotStart.UTC(), SlotMinutes: s.SlotMinutes, Timezone: s.Timezone,
		VisitReason: s.VisitReason, PaymentMethod: s.PaymentMethod, Declaration: s.Declaration,
		AcceptTerms: s.AcceptTerms, Urgency: s.Urgency, AssessmentTool: s.AssessmentTool,
		WaitingRoomSession: tokBoxSession(s.ID, "2"), VideoSession: tokBoxSession(s.ID, "1"),
	}
	for _, tr := range s.Timeline {
		v.Timeline = append(v.Timeline, Transition{Status: tr.Status, At: tr.At.UTC(), ProviderID: tr.ProviderID})
	}
	if s.Actor != nil {
		a := Person(*s.Actor)
		v.Actor = &a
	}
	if s.TokBox != nil {
		v.WaitingRoomSession, v.VideoSession = s.TokBox.WaitingRoomSession, s.TokBox.VideoSession
	}
	return v
}

// providerIndex maps provider ids to providers, for converting many events.
func (f *Fixtures) providerIndex() map[string]Provider {
	out := make(map[string]Provider, len(f.Providers))
	for _, p := range f.Providers {
		out[p.ID] = p
	}
	return out
}

// eventState is e as the document has it; derived says its id is the
// one eventID gives, which the document leaves out.
func eventState(e *ProviderEvent, derived bool, providers map[string]Provider) EventState {
	s := EventState{Timestamp: e.Timestamp, Action: e.Action, VisitID: e.VisitID, ProviderID: e.ProviderID}
	if !derived {
		s.ID = e.ID
	}
	names := ProviderNames{Email: e.ProviderEmail, Name: e.ProviderName, FirstName: e.ProviderFirstName,
		LastName: e.ProviderLastName, Credentials: e.ProviderCredentials}
	if names != fixtureNames(providers[e.ProviderID]) {
		s.Provider = &names
	}
	if actor := (actorIdent{e.ActorID, e.ActorEmail, e.ActorFirstName, e.ActorLastName}); actor != (actorIdent{e.ProviderID, e.ProviderEmail, e.ProviderFirstName, e.ProviderLastName}) {
		s.Actor = &PersonState{ID: e.ActorID, Email: e.ActorEmail, FirstName: e.ActorFirstName, LastName: e.ActorLastName}
	}
	return s
}

// fixtureNames are the names an event of provider p carries (none for
// the zero Provider: an event naming no provider).
func fixtureNames(p Provider) ProviderNames {
	if p.ID == "" {
		return ProviderNames{}
	}
	return ProviderNames{Email: p.Email, Name: p.Name(), FirstName: p.FirstName, LastName: p.LastName, Credentials: p.Credentials}
}

// event is the event s stands for; a derived id is left empty (the
// store works it out when read).
func (s *EventState) event(providers map[string]Provider) ProviderEvent {
	e := ProviderEvent{ID: s.ID, Timestamp: s.Timestamp.UTC(), Action: s.Action, VisitID: s.VisitID, ProviderID: s.ProviderID}
	names := fixtureNames(providers[s.ProviderID])
	if s.Provider != nil {
		names = *s.Provider
	}
	e.ProviderEmail, e.ProviderName, e.ProviderFirstName = names.Email, names.Name, names.FirstName
	e.ProviderLastName, e.ProviderCredentials = names.LastName, names.Credentials
	e.ActorID, e.ActorEmail, e.ActorFirstName, e.ActorLastName = e.ProviderID, e.ProviderEmail, e.ProviderFirstName, e.ProviderLastName
	if a := s.Actor; a != nil {
		e.ActorID, e.ActorEmail, e.ActorFirstName, e.ActorLastName = a.ID, a.Email, a.FirstName, a.LastName
	}
	return e
}

func reportState(r *Report) ReportState {
	s := ReportState{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Created: r.Created,
		Timeline: make([]ReportTransitionState, len(r.Timeline))}
	for i, tr := range r.Timeline {
		s.Timeline[i] = ReportTransitionState(tr)
	}
	return s
}

func (s *ReportState) report() Report {
	r := Report{ID: s.ID, Type: s.Type, From: s.From.UTC(), To: s.To.UTC(), Created: s.Created.UTC()}
	for _, tr := range s.Timeline {
		r.Timeline = append(r.Timeline, ReportTransition{Status: tr.Status, At: tr.At.UTC()})
	}
	return r
}

func slotState(t TakenSlot) SlotState {
	return SlotState{NPI: t.Key.NPI, DepartmentID: t.Key.DepartmentID, Start: time.Unix(t.Key.Start, 0).UTC(), VisitID: t.VisitID}
}
