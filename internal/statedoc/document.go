package statedoc

import (
	"encoding/json"
	"time"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// The document's identity. Version moves when a document one mockdex
// writes could be misread by one that reads the previous version
// (docs/state-format.md, Versions).
const (
	Format  = "mockdex-state"
	Version = 1
)

// Document is everything requests changed in a world: the visits they
// created (or changed), the patients, provider events, report jobs and
// taken slots that came with them. What the fixtures and the generated
// history hold is not copied but referenced: Generated names the
// history, and an import rebuilds it from the same template.
type Document struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// ExportedAt is the world's clock when the document was taken, for a
	// loader that wants to restore a manual clock; import ignores it.
	ExportedAt time.Time `json:"exportedAt"`
	Generated  Generated `json:"generated"`
	Visits     []Visit   `json:"visits"`
	Patients   []Patient `json:"patients"`
	Events     []Event   `json:"events"`
	Reports    []Report  `json:"reports"`
	Slots      []Slot    `json:"slots"`
	// Sessions are the TokBox session events recorded on visits (POST
	// /api/9/tokbox-events), per visit.
	Sessions []Session `json:"sessions"`
	// UnmatchedSessionEvents counts events for sessions no visit has.
	UnmatchedSessionEvents int `json:"unmatchedSessionEvents,omitempty"`
	// Control is the control plane's own per-namespace state (its clock
	// offset, faults), carried verbatim; the world never reads it.
	Control json.RawMessage `json:"control,omitempty"`
	// Timeline is the world's timeline and its progress (timeline.go);
	// absent: the mock's own (--timeline), from nothing run.
	Timeline *Timeline `json:"timeline,omitempty"`
}

// Generated names the generated history a document builds on: the same
// seed, days and fixtures give the same history, moved to end at
// HistoryAt.
type Generated struct {
	Seed        int64     `json:"seed"`
	HistoryDays int       `json:"historyDays"`
	Fixtures    string    `json:"fixtures"` // a fingerprint of the fixtures' content
	HistoryAt   time.Time `json:"historyAt"`
}

// Visit is a visit. Generated marks a generated visit a request has
// changed; it replaces that visit (and its events) on import.
type Visit struct {
	ID             string       `json:"id"`
	Kind           string       `json:"kind"`
	Generated      bool         `json:"generated,omitempty"`
	Created        time.Time    `json:"created"`
	Timeline       []Transition `json:"timeline"`
	PatientGUID    string       `json:"patientGuid"`
	UserID         string       `json:"userId"`
	PracticeID     string       `json:"practiceId,omitempty"`
	RegionCode     string       `json:"regionCode,omitempty"`
	Modality       string       `json:"modality,omitempty"`
	Qualifiers     []string     `json:"qualifiers,omitempty"`
	Brand          string       `json:"brand,omitempty"`
	HomeMarket     string       `json:"homeMarket,omitempty"`
	DepartmentID   string       `json:"departmentId,omitempty"`
	EHRSystemName  string       `json:"ehrSystemName,omitempty"`
	NPI            string       `json:"npi,omitempty"`
	VisitTypeID    string       `json:"visitTypeId,omitempty"`
	SlotStart      time.Time    `json:"slotStart,omitzero"`
	SlotMinutes    int          `json:"slotMinutes,omitempty"`
	Timezone       string       `json:"timezone,omitempty"`
	VisitReason    string       `json:"visitReason,omitempty"`
	PaymentMethod  string       `json:"paymentMethod,omitempty"`
	Declaration    string       `json:"declaration,omitempty"`
	AcceptTerms    bool         `json:"acceptTerms,omitempty"`
	Urgency        float64      `json:"urgency,omitempty"`
	AssessmentTool string       `json:"assessmentTool,omitempty"`
	Actor          *Person      `json:"actor,omitempty"`
	// TokBox is there only when the sessions are not the ones mockdex
	// derives from the visit id.
	TokBox *TokBox `json:"tokBox,omitempty"`
}

// Transition is one step of a visit's planned life.
type Transition struct {
	Status     string    `json:"status"`
	At         time.Time `json:"at"`
	ProviderID string    `json:"providerId,omitempty"`
}

// Person is an actor or a booker.
type Person struct {
	ID        string `json:"id,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	Email     string `json:"email,omitempty"`
	Relation  string `json:"relation,omitempty"`
}

// TokBox is a visit's video sessions.
type TokBox struct {
	WaitingRoomSession string `json:"waitingRoomSession"`
	VideoSession       string `json:"videoConferenceSession"`
}

// Patient is a patient created at runtime (a guest of a queued guest
// visit or a retail booking), in patients.json's form with whether it is
// a guest; fixture patients are not copied.
type Patient struct {
	fixturefile.Patient
	Guest bool `json:"guest"`
}

// Event is a provider event. Its id is left out when it is the one
// mockdex derives from the visit and action; the provider's names when
// they are the fixture provider's; the actor when the provider acted.
type Event struct {
	ID         string         `json:"id,omitempty"`
	Timestamp  time.Time      `json:"timestamp"`
	Action     string         `json:"action"`
	VisitID    string         `json:"visitId"`
	ProviderID string         `json:"providerId,omitempty"`
	Provider   *ProviderNames `json:"provider,omitempty"`
	Actor      *Person        `json:"actor,omitempty"`
}

// ProviderNames are an event's provider fields other than the id.
type ProviderNames struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Credentials string `json:"credentials"`
}

// Report is an All Visits Report job with its planned timeline.
type Report struct {
	ID       string             `json:"id"`
	Type     string             `json:"type"` // virtual, retail or provider_booking
	From     time.Time          `json:"from"`
	To       time.Time          `json:"to"`
	Created  time.Time          `json:"created"`
	Timeline []ReportTransition `json:"timeline"`
}

// ReportTransition is one step of a report job's planned life.
type ReportTransition struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// Slot is an in-person slot held by a booked visit, or by the EHR
// (POST /v5/slots/slot-taken).
type Slot struct {
	NPI          string    `json:"npi,omitempty"` // empty for a retail department's own slot
	DepartmentID string    `json:"departmentId"`
	Start        time.Time `json:"start"`
	// VisitID is the booked visit holding the slot; empty when EHR is set.
	VisitID string `json:"visitId,omitempty"`
	// EHR says the EHR reported the slot taken (no visit holds it).
	EHR bool `json:"ehr,omitempty"`
}

// Session is the TokBox session events of one visit, oldest first.
type Session struct {
	VisitID string         `json:"visitId"`
	Events  []SessionEvent `json:"events"`
}

// SessionEvent is one recorded session event.
type SessionEvent struct {
	At           time.Time `json:"at"`
	Session      string    `json:"session"`
	Event        string    `json:"event"`
	ProjectID    string    `json:"projectId,omitempty"`
	Timestamp    int64     `json:"timestamp,omitempty"`
	ConnectionID string    `json:"connectionId,omitempty"`
	StreamID     string    `json:"streamId,omitempty"`
	StreamName   string    `json:"streamName,omitempty"`
	VideoType    string    `json:"videoType,omitempty"`
}
