package fakes

import (
	"crypto/sha1"
	"encoding/base64"
	"time"

	"github.com/google/uuid"
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
		ID:        eventID(visitID, action),
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

// eventID is stable per (visit, action): a visit has each action once.
// It is uuid.NewSHA1(uuid.NameSpaceURL, "mockdex:visit/VISIT/ACTION"),
// hashed from a buffer on the stack: every visit create derives its
// events' IDs twice (planned, then checked when stored), under the
// admission lock.
func eventID(visitID, action string) string {
	var buf [128]byte
	b := append(buf[:0], uuid.NameSpaceURL[:]...)
	b = append(append(append(append(b, "mockdex:visit/"...), visitID...), '/'), action...)
	sum := sha1.Sum(b)
	var u uuid.UUID
	copy(u[:], sum[:])
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// tokBoxSession makes up a session id in TokBox's style ("1_" video, "2_"
// waiting room), stable for the visit.
func tokBoxSession(visitID, prefix string) string {
	return prefix + "_" + base64.RawURLEncoding.EncodeToString([]byte("mockdex~"+prefix+"~"+visitID))
}
