package fakes

import "strings"

// eventField names one searchable field of a ProviderEvent.
type eventField int

const (
	fieldAction eventField = iota
	fieldVisitID
	fieldProviderID
	fieldProviderEmail
	fieldProviderName
	fieldProviderFirstName
	fieldProviderLastName
	fieldProviderCredentials
	fieldActorID
	fieldActorEmail
	fieldActorFirstName
	fieldActorLastName
	numEventFields
)

// eventKey is an event's searchable fields, case-folded and interned, so
// a search compares integers instead of folding strings per record.
type eventKey [numEventFields]uint32

// foldDict interns case-folded field values. Ids are never reused or
// dropped (a removed event may leave its values behind), which only costs
// memory. It is guarded by the EventStore's lock.
type foldDict struct {
	ids    map[string]uint32 // folded value → id; "" is id 0
	names  []string          // id → folded value
	creds  []uint32          // distinct ids seen as providerCredentials, for substring search
	isCred map[uint32]bool
}

func newFoldDict() *foldDict {
	return &foldDict{ids: map[string]uint32{"": 0}, names: []string{""}, isCred: map[uint32]bool{}}
}

// intern returns the id of s folded, adding it if new.
func (d *foldDict) intern(s string) uint32 {
	if id, ok := d.ids[s]; ok { // already lower case: skip the fold's allocation
		return id
	}
	f := strings.ToLower(s)
	id, ok := d.ids[f]
	if !ok {
		id = uint32(len(d.names))
		d.names = append(d.names, f)
		d.ids[f] = id
	}
	return id
}

// key interns every searchable field of e.
func (d *foldDict) key(e *ProviderEvent) eventKey {
	k := eventKey{
		fieldAction:              d.intern(e.Action),
		fieldVisitID:             d.intern(e.VisitID),
		fieldProviderID:          d.intern(e.ProviderID),
		fieldProviderEmail:       d.intern(e.ProviderEmail),
		fieldProviderName:        d.intern(e.ProviderName),
		fieldProviderFirstName:   d.intern(e.ProviderFirstName),
		fieldProviderLastName:    d.intern(e.ProviderLastName),
		fieldProviderCredentials: d.intern(e.ProviderCredentials),
		fieldActorID:             d.intern(e.ActorID),
		fieldActorEmail:          d.intern(e.ActorEmail),
		fieldActorFirstName:      d.intern(e.ActorFirstName),
		fieldActorLastName:       d.intern(e.ActorLastName),
	}
	if c := k[fieldProviderCredentials]; !d.isCred[c] {
		d.isCred[c] = true
		d.creds = append(d.creds, c)
	}
	return k
}

// lookup is the id of an exact (case-insensitive) value, if any event
// ever had it.
func (d *foldDict) lookup(s string) (uint32, bool) {
	id, ok := d.ids[strings.ToLower(s)]
	return id, ok
}

// credentialsContaining lists the credential ids whose value contains s,
// case-insensitively ("md" finds "MD" and "MD DO").
func (d *foldDict) credentialsContaining(s string) []uint32 {
	f := strings.ToLower(s)
	var out []uint32
	for _, id := range d.creds {
		if strings.Contains(d.names[id], f) {
			out = append(out, id)
		}
	}
	return out
}
