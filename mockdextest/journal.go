package mockdextest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Request is a request the mock served, as its journal keeps it:
// credentials dropped and patient fields redacted (see
// docs/admin-api.md#request-journal).
type Request struct {
	Seq           uint64            `json:"seq"`
	Time          time.Time         `json:"time"` // mock clock when it arrived
	Method        string            `json:"method"`
	Path          string            `json:"path"`
	Query         Query             `json:"query"`
	Headers       map[string]string `json:"headers"`
	OperationID   string            `json:"operationId"` // empty for a path the spec does not have
	Status        int               `json:"status"`
	CorrelationID string            `json:"correlationId"`
	Faulted       bool              `json:"faulted"`
	FaultID       string            `json:"faultId"`
	// FaultKind is what the fault did (status, delay, reset,
	// truncated-body...); with a reset, Status is 0: nothing was sent.
	FaultKind string `json:"faultKind"`
	// AuthProblem names the mistake behind a refused credential
	// ("no-credential", "wrong-scheme", "expired"...: the list is in
	// docs/admin-api.md#auth-problems); empty when none was refused.
	AuthProblem  string          `json:"authProblem"`
	RequestBody  json.RawMessage `json:"requestBody"`
	ResponseBody json.RawMessage `json:"responseBody"`
}

// RequestFilter narrows Requests; zero fields match everything.
type RequestFilter struct {
	OperationID string
	Status      int
	Limit       int // the newest n
}

// Requests reads the request journal, newest first. Requests to
// /_mockdex/ (the helpers' own) are not journaled.
func (s *Server) Requests(f RequestFilter) []Request {
	s.t.Helper()
	q := url.Values{}
	if f.OperationID != "" {
		q.Set("operationId", f.OperationID)
	}
	if f.Status != 0 {
		q.Set("status", strconv.Itoa(f.Status))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	path := "/requests"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out struct {
		Requests []Request `json:"requests"`
	}
	s.control(http.MethodGet, path, nil, http.StatusOK, &out)
	return out.Requests
}

// ClearRequests empties the request journal.
func (s *Server) ClearRequests() {
	s.t.Helper()
	s.control(http.MethodDelete, "/requests", nil, http.StatusOK, nil)
}

// Query is a journaled request's query string, one or more values per
// name; a patient field's value reads "[redacted]".
type Query map[string][]string

// UnmarshalJSON reads the journal's form: a string for one value, a list
// for several.
func (q *Query) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Query, len(raw))
	for name, v := range raw {
		var one string
		if json.Unmarshal(v, &one) == nil {
			out[name] = []string{one}
			continue
		}
		var many []string
		if err := json.Unmarshal(v, &many); err != nil {
			return fmt.Errorf("query %s: %w", name, err)
		}
		out[name] = many
	}
	*q = out
	return nil
}
