package fakes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
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

// EncodeSnapshot writes s as JSON, one element at a time, so a big world
// is never held twice in memory.
func EncodeSnapshot(w io.Writer, s *Snapshot) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	head := *s
	head.Visits, head.Patients, head.Events, head.Reports, head.Slots = nil, nil, nil, nil, nil
	data, err := json.Marshal(struct {
		Format     string          `json:"format"`
		Version    int             `json:"version"`
		ExportedAt time.Time       `json:"exportedAt"`
		Generated  GeneratedState  `json:"generated"`
		Control    json.RawMessage `json:"control,omitempty"`
	}{head.Format, head.Version, head.ExportedAt, head.Generated, head.Control})
	if err != nil {
		return err
	}
	bw.Write(data[:len(data)-1]) // all but the closing brace
	for _, list := range []struct {
		name string
		n    int
		item func(i int) any
	}{
		{"visits", len(s.Visits), func(i int) any { return &s.Visits[i] }},
		{"patients", len(s.Patients), func(i int) any { return &s.Patients[i] }},
		{"events", len(s.Events), func(i int) any { return &s.Events[i] }},
		{"reports", len(s.Reports), func(i int) any { return &s.Reports[i] }},
		{"slots", len(s.Slots), func(i int) any { return &s.Slots[i] }},
	} {
		if err := encodeList(bw, list.name, list.n, list.item); err != nil {
			return err
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// encodeList writes ,"name":[item,...] with each item marshalled alone.
func encodeList(bw *bufio.Writer, name string, n int, item func(i int) any) error {
	bw.WriteString(`,"` + name + `":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		data, err := json.Marshal(item(i))
		if err != nil {
			return fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		bw.Write(data)
	}
	bw.WriteByte(']')
	return nil
}

// DecodeSnapshot reads a state document. It checks the format and
// version before anything else and refuses fields it does not know, so a
// document from a newer mockdex is refused rather than half read. Errors
// name the field at fault.
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseSnapshot(data)
}

// ParseSnapshot is DecodeSnapshot of a document already in memory.
func ParseSnapshot(data []byte) (*Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		if herr := checkHead(data); herr != nil {
			return nil, herr // a document of another format or version says so first
		}
		return nil, jsonProblem(err)
	}
	switch {
	case s.Format != SnapshotFormat:
		return nil, snapshotError("format", "is %q, want %q", s.Format, SnapshotFormat)
	case s.Version != SnapshotVersion:
		return nil, snapshotError("version", "is %d; this mockdex reads version %d", s.Version, SnapshotVersion)
	}
	return &s, nil
}

// checkHead checks a document's format and version alone; nil when they
// are right or cannot be read (the full decode then says why).
func checkHead(data []byte) error {
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if json.Unmarshal(data, &head) != nil {
		return nil
	}
	switch {
	case head.Format == nil || *head.Format != SnapshotFormat:
		got := ""
		if head.Format != nil {
			got = *head.Format
		}
		return snapshotError("format", "is %q, want %q", got, SnapshotFormat)
	case head.Version == nil || *head.Version != SnapshotVersion:
		got := 0
		if head.Version != nil {
			got = *head.Version
		}
		return snapshotError("version", "is %d; this mockdex reads version %d", got, SnapshotVersion)
	}
	return nil
}

// jsonProblem words a decoding error with the field it concerns.
func jsonProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return snapshotError(typeErr.Field, "is a JSON %s, want %s", typeErr.Value, typeErr.Type)
	case errors.Is(err, io.EOF):
		return snapshotError("document", "is empty (truncated?)")
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "unexpected end"):
		return snapshotError("document", "ends too early (truncated?)")
	case errors.As(err, &syntaxErr):
		return snapshotError("document", "is not JSON (at byte %d: %s)", syntaxErr.Offset, syntaxErr.Error())
	}
	return snapshotError("document", "%s", err.Error())
}

// snapshotError is a refusal naming the field, as an apierr.Invalid so
// the control plane answers it 400 with the field named.
func snapshotError(field, format string, args ...any) error {
	return apierr.InvalidField(field, "%s: %s", field, fmt.Sprintf(format, args...))
}
