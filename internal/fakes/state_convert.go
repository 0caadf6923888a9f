package fakes

import (
	"time"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// Conversions between the stores' values and the state document's.

// visitState is v as the document has it; derivedSessions says v's TokBox
// sessions are the ones its id gives, which the document leaves out.
func visitState(v *Visit, derivedSessions bool) statedoc.Visit {
	s := statedoc.Visit{
		ID: v.ID, Kind: string(v.Kind), Generated: v.Synthetic, Created: v.Created,
		PatientGUID: v.PatientGUID, UserID: v.UserID, PracticeID: v.PracticeID, RegionCode: v.RegionCode,
		Modality: v.Modality, Qualifiers: v.Qualifiers, Brand: v.Brand, HomeMarket: v.HomeMarket,
		DepartmentID: v.DepartmentID, EHRSystemName: v.EHRSystemName, NPI: v.NPI, VisitTypeID: v.VisitTypeID,
		SlotStart: v.SlotStart, SlotMinutes: v.SlotMinutes, Timezone: v.Timezone,
		VisitReason: v.VisitReason, PaymentMethod: v.PaymentMethod, Declaration: v.Declaration,
		AcceptTerms: v.AcceptTerms, Urgency: v.Urgency, AssessmentTool: v.AssessmentTool,
		Timeline: make([]statedoc.Transition, len(v.Timeline)),
	}
	for i, tr := range v.Timeline {
		s.Timeline[i] = statedoc.Transition(tr)
	}
	if v.Actor != nil {
		a := statedoc.Person(*v.Actor)
		s.Actor = &a
	}
	if !derivedSessions {
		s.TokBox = &statedoc.TokBox{WaitingRoomSession: v.WaitingRoomSession, VideoSession: v.VideoSession}
	}
	return s
}

// visitOf is the visit s stands for.
func visitOf(s *statedoc.Visit) Visit {
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
// one eventlog.ID gives, which the document leaves out.
func eventState(e *ProviderEvent, derived bool, providers map[string]Provider) statedoc.Event {
	s := statedoc.Event{Timestamp: e.Timestamp, Action: e.Action, VisitID: e.VisitID, ProviderID: e.ProviderID}
	if !derived {
		s.ID = e.ID
	}
	names := statedoc.ProviderNames{Email: e.ProviderEmail, Name: e.ProviderName, FirstName: e.ProviderFirstName,
		LastName: e.ProviderLastName, Credentials: e.ProviderCredentials}
	if names != fixtureNames(providers[e.ProviderID]) {
		s.Provider = &names
	}
	if !e.ProviderActed() {
		s.Actor = &statedoc.Person{ID: e.ActorID, Email: e.ActorEmail, FirstName: e.ActorFirstName, LastName: e.ActorLastName}
	}
	return s
}

// fixtureNames are the names an event of provider p carries (none for
// the zero Provider: an event naming no provider).
func fixtureNames(p Provider) statedoc.ProviderNames {
	if p.ID == "" {
		return statedoc.ProviderNames{}
	}
	return statedoc.ProviderNames{Email: p.Email, Name: p.Name(), FirstName: p.FirstName, LastName: p.LastName, Credentials: p.Credentials}
}

// eventOf is the event s stands for; a derived id is left empty (the
// store works it out when read).
func eventOf(s *statedoc.Event, providers map[string]Provider) ProviderEvent {
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

func reportState(r *Report) statedoc.Report {
	s := statedoc.Report{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Created: r.Created,
		Timeline: make([]statedoc.ReportTransition, len(r.Timeline))}
	for i, tr := range r.Timeline {
		s.Timeline[i] = statedoc.ReportTransition(tr)
	}
	return s
}

func reportOf(s *statedoc.Report) Report {
	r := Report{ID: s.ID, Type: s.Type, From: s.From.UTC(), To: s.To.UTC(), Created: s.Created.UTC()}
	for _, tr := range s.Timeline {
		r.Timeline = append(r.Timeline, ReportTransition{Status: tr.Status, At: tr.At.UTC()})
	}
	return r
}

func slotState(t TakenSlot) statedoc.Slot {
	s := statedoc.Slot{NPI: t.Key.NPI, DepartmentID: t.Key.DepartmentID, Start: time.Unix(t.Key.Start, 0).UTC()}
	if t.Holder == HolderEHR {
		s.EHR = true
	} else {
		s.VisitID = t.Holder
	}
	return s
}

// slotHolder is who holds the slot in the world: the visit, or the EHR.
func slotHolder(s statedoc.Slot) string {
	if s.EHR {
		return HolderEHR
	}
	return s.VisitID
}

func sessionState(visitID string, evs []SessionEvent) statedoc.Session {
	out := statedoc.Session{VisitID: visitID, Events: make([]statedoc.SessionEvent, len(evs))}
	for i, e := range evs {
		out.Events[i] = statedoc.SessionEvent{At: e.At.UTC(), Session: e.Session, Event: e.Event, ProjectID: e.ProjectID,
			Timestamp: e.Timestamp, ConnectionID: e.ConnectionID, StreamID: e.StreamID, StreamName: e.StreamName, VideoType: e.VideoType}
	}
	return out
}

func sessionEventOf(s statedoc.SessionEvent) SessionEvent {
	return SessionEvent{At: s.At.UTC(), Session: s.Session, Event: s.Event, ProjectID: s.ProjectID,
		Timestamp: s.Timestamp, ConnectionID: s.ConnectionID, StreamID: s.StreamID, StreamName: s.StreamName, VideoType: s.VideoType}
}
