package fakes

import (
	"encoding/base64"
	"time"

	"github.com/mockdex/mockdex/internal/fakes/eventlog"
)

// StaffActor acts for declines and cancellations triggered through the
// control plane: a fixed virtual-care staff member, so reports can tell
// them from a provider acting for themselves.
var StaffActor = Person{
	ID:        "5afe0000-0000-4000-8000-00000000517a",
	FirstName: "Virtual",
	LastName:  "Staff",
	Email:     "virtual.staff@mockdex.test",
}

// plannedEvents are the provider events of a freshly planned visit:
// assigned and started when the visit begins, completed when it ends.
// They lie in the future; the report search hides them until then.
func (w *World) plannedEvents(v Visit) []ProviderEvent {
	var out []ProviderEvent
	for _, tr := range v.Timeline {
		switch tr.Status {
		case StatusInVisit:
			out = append(out, w.providerEvent(v.ID, ActionAssigned, tr.At, tr.ProviderID, nil),
				w.providerEvent(v.ID, ActionStarted, tr.At, tr.ProviderID, nil))
		case StatusDone:
			out = append(out, w.providerEvent(v.ID, ActionCompleted, tr.At, tr.ProviderID, nil))
		}
	}
	return out
}

// providerEvent fills every provider and actor field. A nil actor means
// the provider acted for themselves.
func (w *World) providerEvent(visitID, action string, at time.Time, providerID string, actor *Person) ProviderEvent {
	p, _ := w.Fixtures.ProviderByID(providerID)
	e := ProviderEvent{
		ID:        eventlog.ID(visitID, action),
		Timestamp: at, Action: action, VisitID: visitID,
		ProviderID: p.ID, ProviderEmail: p.Email, ProviderName: p.Name(),
		ProviderFirstName: p.FirstName, ProviderLastName: p.LastName, ProviderCredentials: p.Credentials,
		ActorID: p.ID, ActorEmail: p.Email, ActorFirstName: p.FirstName, ActorLastName: p.LastName,
	}
	if actor != nil {
		e.ActorID, e.ActorEmail, e.ActorFirstName, e.ActorLastName = actor.ID, actor.Email, actor.FirstName, actor.LastName
	}
	return e
}

// tokBoxSession makes up a session id in TokBox's style ("1_" video, "2_"
// waiting room), stable for the visit.
func tokBoxSession(visitID, prefix string) string {
	return prefix + "_" + base64.RawURLEncoding.EncodeToString([]byte("mockdex~"+prefix+"~"+visitID))
}
