package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// State is a store's faults as a namespace's saved state keeps them: the
// faults in registration order, with their ids, counts and what is left
// of their times, and the number the last id was given, so ids are never
// reused after a restore.
type State struct {
	LastID int     `json:"lastId"`
	Faults []Fault `json:"faults"`
}

// State copies the store's faults out.
func (s *Store) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{LastID: s.nextID, Faults: make([]Fault, 0, len(s.faults))}
	for _, f := range s.faults {
		st.Faults = append(st.Faults, f.clone())
	}
	return st
}

// Restore replaces the store's faults with st's (ParseState has checked
// them). The probability draws go on from where they are.
func (s *Store) Restore(st State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID = st.LastID
	clear(s.faults)
	s.faults = s.faults[:0]
	for i := range st.Faults {
		f := st.Faults[i].clone()
		s.faults = append(s.faults, &f)
	}
	s.n.Store(int32(len(s.faults)))
}

// savedFault is a fault as State's JSON holds it: the request form plus
// its id and count.
type savedFault struct {
	request
	ID    string `json:"id"`
	Fired int    `json:"fired"`
}

// ParseState reads and checks a State from its JSON: each fault by the
// rules POST /_mockdex/faults applies (operations are the spec's
// operationIds), ids of the form f<N> up to lastId and never repeated,
// counts not negative. A refusal names the field, under prefix.
func ParseState(data []byte, ops []Operation, prefix string) (State, error) {
	var raw struct {
		LastID int          `json:"lastId"`
		Faults []savedFault `json:"faults"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return State{}, refuse("%s: must be {\"lastId\": N, \"faults\": [...]} with each fault as GET /_mockdex/faults lists it: %v", prefix, err)
	}
	st := State{LastID: raw.LastID, Faults: make([]Fault, 0, len(raw.Faults))}
	seen := map[string]bool{}
	for i, sf := range raw.Faults {
		at := fmt.Sprintf("%s.faults[%d]", prefix, i)
		f, err := sf.fault(ops)
		if err != nil {
			return State{}, refuse("%s: %s", at, err.Error())
		}
		if err := checkSavedID(sf.ID, raw.LastID, seen); err != nil {
			return State{}, refuse("%s.id: %s", at, err.Error())
		}
		if sf.Fired < 0 {
			return State{}, refuse("%s.fired: must not be negative", at)
		}
		f.ID, f.Fired = sf.ID, sf.Fired
		st.Faults = append(st.Faults, f)
	}
	return st, nil
}

func checkSavedID(id string, last int, seen map[string]bool) error {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "f"))
	switch {
	case !strings.HasPrefix(id, "f") || err != nil || n < 1:
		return fmt.Errorf("%q is not a fault id (f1, f2, ...)", id)
	case n > last:
		return fmt.Errorf("%q is beyond lastId %d", id, last)
	case seen[id]:
		return fmt.Errorf("%q is listed twice", id)
	}
	seen[id] = true
	return nil
}
