package timeline

import (
	"encoding/json"
	"time"
)

// eventJSON is an event as a timeline's JSON writes it.
type eventJSON struct {
	ID           string          `json:"id,omitempty"`
	Kind         Kind            `json:"kind"`
	At           string          `json:"at,omitempty"`
	After        *Count          `json:"after,omitempty"`
	For          string          `json:"for,omitempty"`
	Until        string          `json:"until,omitempty"`
	PracticeID   string          `json:"practiceId,omitempty"`
	Region       string          `json:"region,omitempty"`
	Modality     string          `json:"modality,omitempty"`
	Qualifier    string          `json:"qualifier,omitempty"`
	Hours        string          `json:"hours,omitempty"`
	Capacity     *int            `json:"capacity,omitempty"`
	VisitID      string          `json:"visitId,omitempty"`
	ReportID     string          `json:"reportId,omitempty"`
	ReportType   string          `json:"reportType,omitempty"`
	RetryAfter   string          `json:"retryAfter,omitempty"`
	Limit        int             `json:"limit,omitempty"`
	NPI          string          `json:"npi,omitempty"`
	DepartmentID string          `json:"departmentId,omitempty"`
	Start        string          `json:"start,omitempty"`
	Host         string          `json:"host,omitempty"`
	OperationID  string          `json:"operationId,omitempty"`
	Fault        json.RawMessage `json:"fault,omitempty"`
	Delay        json.RawMessage `json:"delay,omitempty"`
}

// fileJSON is a timeline's JSON: {"start": RFC 3339, "events": [...]}.
type fileJSON struct {
	Start  string            `json:"start,omitempty"`
	Events []json.RawMessage `json:"events"`
}

// Written is the event as its JSON was written (its id filled in), for
// GET /_mockdex/timeline and the state document.
func (e *Event) Written() json.RawMessage {
	w := e.written
	w.ID = e.ID
	data, _ := json.Marshal(w) // strings, numbers and JSON already checked
	return data
}

// EventsJSON is the timeline's events as written, as one JSON array: what a
// state document's "timeline.events" holds.
func (t *Timeline) EventsJSON() json.RawMessage {
	list := make([]json.RawMessage, len(t.Events))
	for i := range t.Events {
		list[i] = t.Events[i].Written()
	}
	data, _ := json.Marshal(list)
	return data
}

// MarshalJSON writes the timeline as Parse reads it (the start once it
// has one).
func (t *Timeline) MarshalJSON() ([]byte, error) {
	f := fileJSON{Events: make([]json.RawMessage, len(t.Events))}
	if !t.Start.IsZero() {
		f.Start = t.Start.Format(time.RFC3339Nano)
	}
	for i := range t.Events {
		f.Events[i] = t.Events[i].Written()
	}
	return json.Marshal(f)
}
