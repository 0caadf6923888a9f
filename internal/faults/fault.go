package faults

import (
	"bytes"
	"encoding/json"
	"maps"
	"strconv"
)

// Fault is a registered fault: when a request it matches has passed
// routing and validation, the fault may delay it, answer it in the
// handler's place, reshape the handler's answer or break the connection.
type Fault struct {
	ID string `json:"id"`
	Match
	// Kind is what the fault does (KindStatus when it has a status and no
	// kind was given, KindDelay when it has only a delay).
	Kind Kind `json:"kind"`
	// Status answers in the handler's place; 0 lets the handler answer
	// (a delay, or a body shaped from the handler's answer).
	Status int `json:"status,omitempty"`
	// Headers are set on the answer (Retry-After on a 429 or 503).
	Headers map[string]string `json:"headers,omitempty"`
	// Body is sent as is; nil means the operation's own error shape.
	Body  json.RawMessage `json:"body,omitempty"`
	Delay Delay           `json:"delay,omitzero"`
	// BytesPerSecond is the pace of a slow-body fault.
	BytesPerSecond int `json:"bytesPerSecond,omitempty"`
	// Times left before the fault removes itself; nil means until removed.
	Times       *int    `json:"times"`
	Probability float64 `json:"probability"`
	// Fired counts the requests the fault has applied to.
	Fired int `json:"fired"`
}

// clone copies f so callers never share its maps, Times or Body with the
// store (the HTTP layer appends to the body it gets).
func (f *Fault) clone() Fault {
	c := *f
	c.Body = bytes.Clone(f.Body)
	c.Headers = maps.Clone(f.Headers)
	c.Query = maps.Clone(f.Query)
	c.RequestHeaders = maps.Clone(f.RequestHeaders)
	c.BodyFields = maps.Clone(f.BodyFields)
	if f.Times != nil {
		n := *f.Times
		c.Times = &n
	}
	return c
}

func itoa(n int) string { return strconv.Itoa(n) }
