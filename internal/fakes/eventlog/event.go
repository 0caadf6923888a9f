package eventlog

import (
	"crypto/sha1"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Event is one provider history record: something a provider (or
// an actor on the provider's behalf) did to a visit at a time. The All
// Providers Report searches these.
type Event struct {
	ID                  string
	Timestamp           time.Time
	Action              string
	VisitID             string
	ProviderID          string
	ProviderEmail       string
	ProviderName        string
	ProviderFirstName   string
	ProviderLastName    string
	ProviderCredentials string
	ActorID             string
	ActorEmail          string
	ActorFirstName      string
	ActorLastName       string
}

// ProviderActed reports whether the provider acted: the actor's fields
// are the provider's.
func (e *Event) ProviderActed() bool {
	return e.ActorID == e.ProviderID && e.ActorEmail == e.ProviderEmail &&
		e.ActorFirstName == e.ProviderFirstName && e.ActorLastName == e.ProviderLastName
}

// ID is the id of a visit's event for an action, stable per (visit,
// action): a visit has each action once.
// It is uuid.NewSHA1(uuid.NameSpaceURL, "mockdex:visit/VISIT/ACTION"),
// hashed from a buffer on the stack: every visit create derives its
// events' IDs twice (planned, then checked when stored), under the
// admission lock.
func ID(visitID, action string) string {
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

// compare orders events as the store keeps them, by (Timestamp, ID).
func compare(a, b *Event) int {
	if c := a.Timestamp.Compare(b.Timestamp); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
