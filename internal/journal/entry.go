package journal

import (
	"bytes"
	"encoding/json"
	"maps"
	"time"
	"unsafe"
)

// Entry is one served request as the journal keeps it: redacted, so it
// can be shown to anyone who can reach the mock.
type Entry struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`     // mock clock at arrival
	WallTime time.Time `json:"wallTime"` // real time at arrival
	// Namespace is the X-Mockdex-Namespace the request sent (or the
	// server put there for it); empty for the default namespace.
	Namespace string `json:"namespace,omitempty"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	// Query is a JSON object: one value as a string, repeated ones as a
	// list, masked keys masked.
	Query       json.RawMessage   `json:"query,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	OperationID string            `json:"operationId"`
	Status      int               `json:"status"`
	DurationMs  float64           `json:"durationMs"`
	// CorrelationID is the request's correlation-id header.
	CorrelationID string `json:"correlationId,omitempty"`
	// Validation is the request validation's verdict: "ok", or the
	// message the client was refused with. Empty when no operation
	// matched, so nothing was validated.
	Validation string `json:"validation,omitempty"`
	// AuthProblem names the mistake behind a refused credential
	// (no-credential, wrong-scheme, expired...: auth.Problems), never the
	// credential; empty when none was refused.
	AuthProblem string `json:"authProblem,omitempty"`
	// ResponseFlagged says strict mode found the response breaks the spec.
	ResponseFlagged bool   `json:"responseFlagged,omitempty"`
	Faulted         bool   `json:"faulted"`
	FaultID         string `json:"faultId,omitempty"`
	// FaultKind is what the fault did (status, delay, reset,
	// truncated-body...): with a transport or body kind, status and
	// responseBody are what was sent before the fault broke the answer
	// (status 0: nothing was).
	FaultKind string `json:"faultKind,omitempty"`
	// RequestBody is the redacted body; RequestBodyOmitted says why a body
	// that was sent is not shown (too large, not JSON or a form).
	RequestBody         json.RawMessage `json:"requestBody,omitempty"`
	RequestBodyOmitted  string          `json:"requestBodyOmitted,omitempty"`
	ResponseBody        json.RawMessage `json:"responseBody,omitempty"`
	ResponseBodyOmitted string          `json:"responseBodyOmitted,omitempty"`
	// HeadersOmitted counts headers past the per-entry limit.
	HeadersOmitted int `json:"headersOmitted,omitempty"`
}

// entryOverhead is what an entry costs beyond its variable parts: the
// struct twice over (the ring's slice may hold up to twice the entries it
// keeps) and its headers map. TestFullJournalHeapIsNearItsBudget holds
// the estimate to the heap the entries really take.
const entryOverhead = 2*int(unsafe.Sizeof(Entry{})) + 320

// headerCost is a header's map slot and its strings' headers.
const headerCost = 64

// size is roughly the memory e holds, for the byte bound. The allocator
// rounds each allocation up to a size class, an eighth more on average.
func (e *Entry) size() int64 {
	n := len(e.Namespace) + len(e.Method) + len(e.Path) + cap(e.Query) +
		len(e.OperationID) + len(e.CorrelationID) + len(e.Validation) + len(e.AuthProblem) + len(e.FaultID) + len(e.FaultKind) +
		cap(e.RequestBody) + len(e.RequestBodyOmitted) + cap(e.ResponseBody) + len(e.ResponseBodyOmitted)
	for k, v := range e.Headers {
		n += len(k) + len(v) + headerCost
	}
	return int64(entryOverhead + n + n/8)
}

// clone copies e deeply, so nothing a reader does reaches the ring.
func (e *Entry) clone() Entry {
	c := *e
	c.Query = bytes.Clone(e.Query)
	c.Headers = maps.Clone(e.Headers)
	c.RequestBody = bytes.Clone(e.RequestBody)
	c.ResponseBody = bytes.Clone(e.ResponseBody)
	return c
}
