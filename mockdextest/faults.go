package mockdextest

import (
	"net/http"
	"net/url"
	"time"
)

// Fault makes one operation of the spec fail or slow down; see
// docs/admin-api.md#faults for how faults apply.
type Fault struct {
	// OperationID is the spec's operationId the fault applies to
	// (createVisitV9, startAvrReport, ...). Required.
	OperationID string
	// Status answers in the handler's place (the handler does not run);
	// 0 only delays.
	Status int
	// Body is sent as JSON with Status; nil sends the operation's own
	// error shape for that status.
	Body any
	// Delay is real (wall-clock) time to wait before answering, up to 10m.
	Delay time.Duration
	// Times is how many requests the fault applies to before it removes
	// itself; 0 means until removed.
	Times int
	// Probability is the chance, from 0 to 1, that the fault applies to a
	// request, drawn from a source seeded by WithSeed; 0 means always.
	Probability float64
}

type faultJSON struct {
	OperationID string   `json:"operationId"`
	Status      int      `json:"status,omitempty"`
	Body        any      `json:"body,omitempty"`
	Delay       string   `json:"delay,omitempty"`
	Times       *int     `json:"times,omitempty"`
	Probability *float64 `json:"probability,omitempty"`
}

// AddFault registers f and returns its id (f1, f2, ...).
func (s *Server) AddFault(f Fault) string {
	s.t.Helper()
	req := faultJSON{OperationID: f.OperationID, Status: f.Status, Body: f.Body}
	if f.Delay != 0 {
		req.Delay = f.Delay.String()
	}
	if f.Times != 0 {
		req.Times = &f.Times
	}
	if f.Probability != 0 {
		req.Probability = &f.Probability
	}
	var added struct {
		ID string `json:"id"`
	}
	s.control(http.MethodPost, "/faults", req, http.StatusCreated, &added)
	return added.ID
}

// RemoveFault removes the fault with that id.
func (s *Server) RemoveFault(id string) {
	s.t.Helper()
	s.control(http.MethodDelete, "/faults/"+url.PathEscape(id), nil, http.StatusOK, nil)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.t.Helper()
	s.control(http.MethodDelete, "/faults", nil, http.StatusOK, nil)
}
