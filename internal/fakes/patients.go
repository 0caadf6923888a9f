package fakes

import (
	"maps"
	"strings"
	"sync"
)

// PatientStore holds the patients DexCare knows: the fixture patients and
// the guests created by queued guest visits.
type PatientStore struct {
	mu     sync.RWMutex       // guards byGUID
	byGUID map[string]Patient // patient GUID → patient
}

// NewPatientStore starts a store from the fixture patients.
func NewPatientStore(fixture []Patient) *PatientStore {
	s := &PatientStore{byGUID: make(map[string]Patient, len(fixture))}
	for _, p := range fixture {
		s.byGUID[strings.ToLower(p.PatientGUID)] = clonePatient(p)
	}
	return s
}

// ByGUID returns a copy of the patient with that GUID.
func (s *PatientStore) ByGUID(guid string) (Patient, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.byGUID[strings.ToLower(guid)]
	return clonePatient(p), ok
}

// ByEHR finds a patient by their record in a health system's EHR: the
// identifier, its type (MRN...) and the EHR instance must all match.
func (s *PatientStore) ByEHR(id, idType, homeEHR string) (Patient, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.byGUID {
		if p.EHRIdentifier != "" && p.EHRIdentifier == id &&
			strings.EqualFold(p.EHRIdentifierType, idType) && strings.EqualFold(p.HomeEHR, homeEHR) {
			return clonePatient(p), true
		}
	}
	return Patient{}, false
}

// Add stores a copy of p (a guest), replacing any patient with its GUID.
func (s *PatientStore) Add(p Patient) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byGUID[strings.ToLower(p.PatientGUID)] = clonePatient(p)
}

func clonePatient(p Patient) Patient {
	p.Address = maps.Clone(p.Address)
	return p
}
