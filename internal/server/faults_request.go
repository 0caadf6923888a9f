package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// maxFaultDelay bounds a delay fault, so a typo cannot hang a client for
// hours.
const maxFaultDelay = 10 * time.Minute

// faultRequest is the body of POST /_mockdex/faults.
type faultRequest struct {
	OperationID string          `json:"operationId"`
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
	Delay       string          `json:"delay"`
	Times       *int            `json:"times"`
	Probability *float64        `json:"probability"`
}

// badFault is a refused fault request; its message names the field.
type badFault struct {
	msg        string
	operations []string // set when the operationId is unknown
}

func (e *badFault) Error() string { return e.msg }

func refuse(format string, args ...any) *badFault {
	return &badFault{msg: fmt.Sprintf(format, args...)}
}

// parseFault reads and checks a fault request against the spec's
// operations.
func parseFault(body io.Reader, ops []specOperation) (Fault, error) {
	var req faultRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return Fault{}, refuse("body must be a JSON object with operationId, status, body, delay, times, probability: %v", err)
	}
	if err := checkOperation(req.OperationID, ops); err != nil {
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
	return f, checkFault(f)
}

func checkOperation(id string, ops []specOperation) error {
	if id == "" {
		return refuse("'operationId' is required: the spec's operationId the fault applies to")
	}
	names := make([]string, len(ops))
	for i, op := range ops {
		if op.ID == id {
			return nil
		}
		names[i] = op.ID
	}
	return &badFault{msg: fmt.Sprintf("'operationId' %q is not an operation in the spec", id), operations: names}
}

func parseDelay(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxFaultDelay {
		return 0, refuse("'delay' must be a Go duration from 0 to %s, such as 250ms or 2s", maxFaultDelay)
	}
	return d, nil
}

// checkFault refuses faults that would do nothing or cannot be written.
func checkFault(f Fault) error {
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
