package fakes

import (
	"encoding/json"
	"time"
)

// The state document's identity; docs/state-format.md describes it.
const (
	SnapshotFormat  = "mockdex-state"
	SnapshotVersion = 1
)

// Snapshot is everything requests changed in a world, as a versioned JSON
// document: the visits they created (or changed), the patients, provider
// events, report jobs and taken slots that came with them. What the
// fixtures and the generated history hold is not copied but referenced:
// Generated names the history, and an import rebuilds it from the same
// template. docs/state-format.md is the reference for every field.
type Snapshot struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// ExportedAt is the world's clock when the snapshot was taken, for a
	// loader that wants to restore a manual clock; import ignores it.
	ExportedAt time.Time      `json:"exportedAt"`
	Generated  GeneratedState `json:"generated"`
	Visits     []VisitState   `json:"visits"`
	Patients   []PatientState `json:"patients"`
	Events     []EventState   `json:"events"`
	Reports    []ReportState  `json:"reports"`
	Slots      []SlotState    `json:"slots"`
	// Control is the control plane's own per-namespace state (its clock
	// offset, faults), carried verbatim; the fakes never read it.
	Control json.RawMessage `json:"control,omitempty"`
}

// GeneratedState names the generated history a snapshot builds on: the
// same seed, days and fixtures give the same history, moved to end at
// HistoryAt.
type GeneratedState struct {
	Seed        int64     `json:"seed"`
	HistoryDays int       `json:"historyDays"`
	Fixtures    string    `json:"fixtures"` // a fingerprint of the fixtures' content
	HistoryAt   time.Time `json:"historyAt"`
}

// VisitState is a visit. Generated marks a generated visit a request has
// changed; it replaces that visit (and its events) on import.
type VisitState struct {
	ID             string            `json:"id"`
	Kind           string            `json:"kind"`
	Generated      bool              `json:"generated,omitempty"`
	Created        time.Time         `json:"created"`
	Timeline       []TransitionState `json:"timeline"`
	PatientGUID    string            `json:"patientGuid"`
	UserID         string            `json:"userId"`
	PracticeID     string            `json:"practiceId,omitempty"`
	RegionCode     string            `json:"regionCode,omitempty"`
	Modality       string            `json:"modality,omitempty"`
	Qualifiers     []string          `json:"qualifiers,omitempty"`
	Brand          string            `json:"brand,omitempty"`
	HomeMarket     string            `json:"homeMarket,omitempty"`
	DepartmentID   string            `json:"departmentId,omitempty"`
	EHRSystemName  string            `json:"ehrSystemName,omitempty"`
	NPI            string            `json:"npi,omitempty"`
	VisitTypeID    string            `json:"visitTypeId,omitempty"`
	SlotStart      time.Time         `json:"slotStart,omitzero"`
	SlotMinutes    int               `json:"slotMinutes,omitempty"`
	Timezone       string            `json:"timezone,omitempty"`
	VisitReason    string            `json:"visitReason,omitempty"`
	PaymentMethod  string            `json:"paymentMethod,omitempty"`
	Declaration    string            `json:"declaration,omitempty"`
	AcceptTerms    bool              `json:"acceptTerms,omitempty"`
	Urgency        float64           `json:"urgency,omitempty"`
	AssessmentTool string            `json:"assessmentTool,omitempty"`
	Actor          *PersonState      `json:"actor,omitempty"`
	// TokBox is there only when the sessions are not the ones mockdex
	// derives from the visit id.
	TokBox *TokBoxState `json:"tokBox,omitempty"`
}

// TransitionState is one step of a visit's planned life.
type TransitionState struct {
	Status     string    `json:"status"`
	At         time.Time `json:"at"`
	ProviderID string    `json:"providerId,omitempty"`
}

// PersonState is an actor or a booker.
type PersonState struct {
	ID        string `json:"id,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	Email     string `json:"email,omitempty"`
	Relation  string `json:"relation,omitempty"`
}

// TokBoxState is a visit's video sessions.
type TokBoxState struct {
	WaitingRoomSession string `json:"waitingRoomSession"`
	VideoSession       string `json:"videoConferenceSession"`
}

// PatientState is a patient created at runtime (a guest of a queued
// guest visit or a retail booking); fixture patients are not copied.
type PatientState struct {
	Patient
	Guest bool `json:"guest"`
}

// EventState is a provider event. Its id is left out when it is the one
// mockdex derives from the visit and action; the provider's names when
// they are the fixture provider's; the actor when the provider acted.
type EventState struct {
	ID         string         `json:"id,omitempty"`
	Timestamp  time.Time      `json:"timestamp"`
	Action     string         `json:"action"`
	VisitID    string         `json:"visitId"`
	ProviderID string         `json:"providerId,omitempty"`
	Provider   *ProviderNames `json:"provider,omitempty"`
	Actor      *PersonState   `json:"actor,omitempty"`
}

// ProviderNames are an event's provider fields other than the id.
type ProviderNames struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Credentials string `json:"credentials"`
}

// ReportState is an All Visits Report job with its planned timeline.
type ReportState struct {
	ID       string                  `json:"id"`
	Type     string                  `json:"type"`
	From     time.Time               `json:"from"`
	To       time.Time               `json:"to"`
	Created  time.Time               `json:"created"`
	Timeline []ReportTransitionState `json:"timeline"`
}

// ReportTransitionState is one step of a report job's planned life.
type ReportTransitionState struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// SlotState is an in-person slot held by a visit.
type SlotState struct {
	NPI          string    `json:"npi,omitempty"` // empty for a retail department's own slot
	DepartmentID string    `json:"departmentId"`
	Start        time.Time `json:"start"`
	VisitID      string    `json:"visitId"`
}
