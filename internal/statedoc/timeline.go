package statedoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Timeline is a namespace's timeline (docs/timeline.md) and how far it
// has run: its events as PUT /_mockdex/timeline takes them, the events
// that fired (and when), the EHR holds that ended, and the calls counted
// toward "after" triggers. Its events are checked where the spec's
// operations and the fixtures are known (internal/control, fakes); Check
// checks the rest.
type Timeline struct {
	// Start is the instant the events' relative times count from.
	Start time.Time `json:"start"`
	// Events is a JSON array of events, each as written.
	Events json.RawMessage `json:"events"`
	Fired  []FiredEvent    `json:"fired,omitempty"`
	Calls  map[string]int  `json:"calls,omitempty"`
}

// FiredEvent is an event that fired at At; Ended marks an EHR hold it
// took that was released at its end.
type FiredEvent struct {
	ID    string    `json:"id"`
	At    time.Time `json:"at"`
	Ended bool      `json:"ended,omitempty"`
}

// Check refuses a timeline section no world could take; the refusal
// names the field under "timeline".
func (t *Timeline) Check() error {
	switch {
	case t.Start.IsZero():
		return Invalid("timeline.start", "is missing")
	case !bytes.HasPrefix(bytes.TrimSpace(t.Events), []byte("[")):
		return Invalid("timeline.events", "must be a JSON array of events")
	}
	seen := map[string]bool{}
	for i, f := range t.Fired {
		at := fmt.Sprintf("timeline.fired[%d]", i)
		switch {
		case f.ID == "":
			return Invalid(at+".id", "is missing")
		case seen[f.ID]:
			return Invalid(at+".id", "%q is listed twice", f.ID)
		case f.At.IsZero():
			return Invalid(at+".at", "is missing")
		}
		seen[f.ID] = true
	}
	for op, n := range t.Calls {
		if n < 0 {
			return Invalid("timeline.calls."+op, "must not be negative")
		}
	}
	return nil
}
