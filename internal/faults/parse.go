package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// MaxDelay bounds a delay fault, so a typo cannot hang a client for hours.
const MaxDelay = 10 * time.Minute

// request is the JSON form of a fault, as POST /_mockdex/faults takes it.
type request struct {
	OperationID string          `json:"operationId"`
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
	Delay       string          `json:"delay"`
	Times       *int            `json:"times"`
	Probability *float64        `json:"probability"`
}

// BadFault is a refused fault; its message names the field at fault.
type BadFault struct {
	Msg string
	// Operations lists the valid operationIds when the one sent is unknown.
	Operations []string
}

func (e *BadFault) Error() string { return e.Msg }

func refuse(format string, args ...any) *BadFault {
	return &BadFault{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a fault from its JSON form and checks it; operations are
// the spec's operationIds, the only ones a fault may name. A refusal is a
// *BadFault naming the field.
func Parse(body []byte, operations []string) (Fault, error) {
	var req request
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return Fault{}, refuse("body must be a JSON object with operationId, status, body, delay, times, probability: %v", err)
	}
	return req.fault(operations)
}

func (req request) fault(operations []string) (Fault, error) {
	if err := checkOperation(req.OperationID, operations); err != nil {
		return Fault{}, err
	}
	f := Fault{OperationID: req.OperationID, Status: req.Status, Times: req.Times, Probability: 1}
	if len(req.Body) > 0 && !bytes.Equal(req.Body, []byte("null")) {
		f.Body = req.Body
	}
	if req.Probability != nil {
		f.Probability = *req.Probability
	}
	var err error
	if f.Delay, err = parseDelay(req.Delay); err != nil {
		return Fault{}, err
	}
	return f, check(f)
}

func checkOperation(id string, operations []string) error {
	if id == "" {
		return refuse("'operationId' is required: the spec's operationId the fault applies to")
	}
	if slices.Contains(operations, id) {
		return nil
	}
	return &BadFault{Msg: fmt.Sprintf("'operationId' %q is not an operation in the spec", id), Operations: slices.Clone(operations)}
}

func parseDelay(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > MaxDelay {
		return 0, refuse("'delay' must be a Go duration from 0 to %s, such as 250ms or 2s", MaxDelay)
	}
	return d, nil
}

// check refuses faults that would do nothing or cannot be written.
func check(f Fault) error {
	switch {
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return refuse("'status' must be an HTTP status from 200 to 599")
	case f.Status == 0 && f.Delay == 0:
		return refuse("a fault needs a 'status', a 'delay' or both")
	case f.Status == 0 && f.Body != nil:
		return refuse("'body' needs a 'status' to be sent with")
	case f.Status < 400 && f.Status != 0 && f.Body == nil:
		return refuse("a 'status' below 400 needs a 'body': the default body is the operation's error shape")
	case f.Times != nil && *f.Times < 1:
		return refuse("'times' must be at least 1, or omitted for a fault that stays until removed")
	case f.Probability < 0 || f.Probability > 1:
		return refuse("'probability' must be from 0 to 1")
	}
	return nil
}
