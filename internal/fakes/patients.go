package fakes

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// PatientStore holds the patients DexCare knows: the fixture patients,
// shared read-only by every world of a template, and the ones requests
// created (guests of queued guest visits and retail bookings), the
// world's own.
type PatientStore struct {
	base    *patientBase
	changed func() // counts a change of the world

	mu    sync.RWMutex      // guards added and ehr
	added map[string]string // lower-cased GUID → patient created at runtime, packed (patientrec.go)
	ehr   map[ehrKey]string // EHR record → lower-cased GUID, for added patients with one
}

// patientBase is the fixture patients, indexed once.
type patientBase struct {
	byGUID map[string]Patient // lower-cased GUID → patient
	ehr    map[ehrKey]string
}

// ehrKey is a patient's record in a health system's EHR, the way ByEHR
// matches it: identifier exactly, type and instance in any case.
type ehrKey struct{ id, idType, homeEHR string }

func ehrKeyOf(p *Patient) (ehrKey, bool) {
	if p.EHRIdentifier == "" {
		return ehrKey{}, false
	}
	return ehrKey{p.EHRIdentifier, strings.ToLower(p.EHRIdentifierType), strings.ToLower(p.HomeEHR)}, true
}

func newPatientBase(fixture []Patient) *patientBase {
	b := &patientBase{byGUID: make(map[string]Patient, len(fixture)), ehr: map[ehrKey]string{}}
	for _, p := range fixture {
		guid := strings.ToLower(p.PatientGUID)
		b.byGUID[guid] = clonePatient(p)
		if k, ok := ehrKeyOf(&p); ok {
			b.ehr[k] = guid
		}
	}
	return b
}

// NewPatientStore starts a store from the fixture patients.
func NewPatientStore(fixture []Patient) *PatientStore {
	return newPatientStore(newPatientBase(fixture), func() {})
}

func newPatientStore(base *patientBase, changed func()) *PatientStore {
	return &PatientStore{base: base, changed: changed, added: map[string]string{}, ehr: map[ehrKey]string{}}
}

// ByGUID returns a copy of the patient with that GUID.
func (s *PatientStore) ByGUID(guid string) (Patient, bool) {
	guid = strings.ToLower(guid)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if packed, ok := s.added[guid]; ok {
		return unpackPatient(packed), true
	}
	p, ok := s.base.byGUID[guid]
	return clonePatient(p), ok
}

// ByEHR finds a patient by their record in a health system's EHR: the
// identifier, its type (MRN...) and the EHR instance must all match.
func (s *PatientStore) ByEHR(id, idType, homeEHR string) (Patient, bool) {
	k := ehrKey{id, strings.ToLower(idType), strings.ToLower(homeEHR)}
	if id == "" {
		return Patient{}, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if guid, ok := s.ehr[k]; ok {
		return unpackPatient(s.added[guid]), true
	}
	if guid, ok := s.base.ehr[k]; ok {
		return clonePatient(s.base.byGUID[guid]), true
	}
	return Patient{}, false
}

// Add stores a copy of p (a guest), replacing any patient with its GUID.
func (s *PatientStore) Add(p Patient) {
	guid := strings.ToLower(p.PatientGUID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.added[guid]; ok {
		if k, ok := ehrKeyOf(ptr(unpackPatient(old))); ok && s.ehr[k] == guid {
			delete(s.ehr, k)
		}
	}
	packed := packPatient(&p)
	if guid == p.PatientGUID {
		guid = firstText(packed) // the key shares the record's memory
	}
	s.added[guid] = packed
	if k, ok := ehrKeyOf(&p); ok {
		s.ehr[k] = guid
	}
	s.changed()
}

// Added lists copies of the patients created at runtime, by GUID.
func (s *PatientStore) Added() []Patient {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Patient, 0, len(s.added))
	for _, guid := range slices.Sorted(maps.Keys(s.added)) {
		out = append(out, unpackPatient(s.added[guid]))
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func clonePatient(p Patient) Patient {
	p.Address = maps.Clone(p.Address)
	return p
}
