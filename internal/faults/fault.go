package faults

import (
	"bytes"
	"encoding/json"
	"time"
)

// Fault is a registered fault: when a request for OperationID has passed
// routing and validation, the fault may delay it and/or answer it in the
// handler's place.
type Fault struct {
	ID          string `json:"id"`
	OperationID string `json:"operationId"`
	// Status answers in the handler's place; 0 means delay only.
	Status int `json:"status,omitempty"`
	// Body is sent as is; nil means the operation's own error shape.
	Body  json.RawMessage `json:"body,omitempty"`
	Delay time.Duration   `json:"-"`
	// Times left before the fault removes itself; nil means until removed.
	Times       *int    `json:"times"`
	Probability float64 `json:"probability"`
	// Fired counts the requests the fault has applied to.
	Fired int `json:"fired"`
}

// MarshalJSON writes Delay in Go syntax, as it is sent ("2s").
func (f Fault) MarshalJSON() ([]byte, error) {
	type plain Fault
	return json.Marshal(struct {
		plain
		Delay string `json:"delay,omitempty"`
	}{plain(f), durationText(f.Delay)})
}

func durationText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// clone copies f so callers never share Times or Body with the store
// (the HTTP layer appends to the body it gets).
func (f *Fault) clone() Fault {
	c := *f
	c.Body = bytes.Clone(f.Body)
	if f.Times != nil {
		n := *f.Times
		c.Times = &n
	}
	return c
}
