package mockdextest

import (
	"net/http"
	"net/url"
	"time"
)

// Fault makes calls fail or slow down; see docs/admin-api.md#faults for
// how faults apply. Say which calls by OperationID, by Method and Path
// (as sent, or a template such as /api/9/visits/{visitId}/summary), or
// by Host; the other call fields narrow it further.
type Fault struct {
	// OperationID is the spec's operationId (createVisitV9, startAvrReport, ...).
	OperationID string
	// Method (GET, POST...) and Path describe the call as a user would.
	Method, Path string
	// Host is a DexCare host (api, ecvapi, reporting, web): all its operations.
	Host string
	// Query and RequestHeaders map a name to a value the call must send.
	Query, RequestHeaders map[string]string
	// BodyFields maps a JSON pointer into the request body
	// (/visitDetails/stateLicensure) to the value it must hold.
	BodyFields map[string]any
	// Patient is the bearer token's patient GUID.
	Patient string

	// Kind is what the fault does: "" answers Status (or only delays),
	// or one of the Fault* kinds, which break the answer as a network does.
	Kind FaultKind
	// Status answers in the handler's place (the handler does not run);
	// 0 lets the handler answer (after Delay, or shaped by Kind).
	Status int
	// Headers are set on the answer (Retry-After on a 429 or 503).
	Headers map[string]string
	// Body is sent as JSON with Status; nil sends the operation's own
	// error shape for that status.
	Body any
	// Delay is real (wall-clock) time to wait before answering, up to
	// 10m: fixed, or with DelayUpTo drawn uniformly from Delay to
	// DelayUpTo, or with DelaySigma drawn from a lognormal distribution
	// whose median is Delay. Draws follow WithSeed.
	Delay      time.Duration
	DelayUpTo  time.Duration
	DelaySigma float64
	// BytesPerSecond is a FaultSlowBody's pace.
	BytesPerSecond int
	// Times is how many requests the fault applies to before it removes
	// itself; 0 means until removed.
	Times int
	// Probability is the chance, from 0 to 1, that the fault applies to a
	// request, drawn from a source seeded by WithSeed; 0 means always.
	Probability float64
}

// FaultKind is what a fault does to the calls it matches.
type FaultKind string

// The kinds of fault that break an answer as a network or a gateway
// does. Those that shape a body shape the operation's own answer (the
// handler runs) unless the fault has a Status.
const (
	// FaultReset resets the connection (TCP RST): ECONNRESET.
	FaultReset FaultKind = "reset"
	// FaultCloseAfterHeaders sends the status and headers, then closes.
	FaultCloseAfterHeaders FaultKind = "close-after-headers"
	// FaultTruncatedBody declares the whole body, sends half, closes.
	FaultTruncatedBody FaultKind = "truncated-body"
	// FaultMalformedJSON sends half of the JSON, well framed.
	FaultMalformedJSON FaultKind = "malformed-json"
	// FaultEmptyBody sends the status and headers with no body.
	FaultEmptyBody FaultKind = "empty-body"
	// FaultSlowBody sends the body at BytesPerSecond.
	FaultSlowBody FaultKind = "slow-body"
	// FaultGatewayPage answers a load balancer's HTML page (502 unless
	// Status says otherwise).
	FaultGatewayPage FaultKind = "gateway-page"
)

type faultJSON struct {
	OperationID    string            `json:"operationId,omitempty"`
	Method         string            `json:"method,omitempty"`
	Path           string            `json:"path,omitempty"`
	Host           string            `json:"host,omitempty"`
	Query          map[string]string `json:"query,omitempty"`
	RequestHeaders map[string]string `json:"requestHeaders,omitempty"`
	BodyFields     map[string]any    `json:"bodyFields,omitempty"`
	Patient        string            `json:"patient,omitempty"`
	Kind           FaultKind         `json:"kind,omitempty"`
	Status         int               `json:"status,omitempty"`
	Headers        map[string]string `json:"headers,omitempty"`
	Body           any               `json:"body,omitempty"`
	Delay          any               `json:"delay,omitempty"`
	BytesPerSecond int               `json:"bytesPerSecond,omitempty"`
	Times          *int              `json:"times,omitempty"`
	Probability    *float64          `json:"probability,omitempty"`
}

// AddFault registers f and returns its id (f1, f2, ...).
func (s *Server) AddFault(f Fault) string {
	s.t.Helper()
	req := faultJSON{OperationID: f.OperationID, Method: f.Method, Path: f.Path, Host: f.Host, Query: f.Query,
		RequestHeaders: f.RequestHeaders, BodyFields: f.BodyFields, Patient: f.Patient, Kind: f.Kind,
		Status: f.Status, Headers: f.Headers, Body: f.Body, Delay: f.delay(), BytesPerSecond: f.BytesPerSecond}
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

// delay is the fault's delay as the control plane takes it.
func (f Fault) delay() any {
	switch {
	case f.DelayUpTo != 0:
		return map[string]any{"uniform": map[string]string{"min": f.Delay.String(), "max": f.DelayUpTo.String()}}
	case f.DelaySigma != 0:
		return map[string]any{"lognormal": map[string]any{"median": f.Delay.String(), "sigma": f.DelaySigma}}
	case f.Delay != 0:
		return f.Delay.String()
	}
	return nil
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
