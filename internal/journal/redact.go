package journal

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/mockdex/mockdex/internal/redact"
)

// entryOf turns a capture into what the journal keeps: everything that
// may hold patient data or secrets redacted with redact.Journal. It runs
// on the worker, never on the request path, under drainMu (the memos).
func (j *Journal) entryOf(c *Capture) (Entry, json.RawMessage) {
	e := Entry{
		Time: c.mock, WallTime: c.wall, Namespace: c.namespace,
		Method: c.method, Path: c.path,
		OperationID: c.opID, Status: c.status,
		DurationMs:    float64(c.duration.Microseconds()) / 1000,
		CorrelationID: c.correlID, Validation: c.verdict, AuthProblem: c.problem, ResponseFlagged: c.flagged,
		Faulted: c.faultID != "", FaultID: c.faultID, FaultKind: c.faultKind, HeadersOmitted: c.headersOut,
	}
	e.Query = j.memos.redactQuery(c.query)
	if len(c.headers) > 0 {
		e.Headers = make(map[string]string, len(c.headers))
		for _, h := range c.headers {
			e.Headers[h.name] = h.value
		}
	}
	e.RequestBody, e.RequestBodyOmitted = j.memoBody(&j.memos.reqBody, c.reqType, c.reqBody, max(c.reqSize, c.reqRead))
	e.ResponseBody, e.ResponseBodyOmitted = j.memoBody(&j.memos.respBody, c.respType, c.respBody, c.respSize)
	if e.RequestBody == nil && e.RequestBodyOmitted == "" && c.reqSize > 0 {
		e.RequestBodyOmitted = fmt.Sprintf("%d bytes, not read by the mock", c.reqSize)
	}
	// An answer kept past BodyLimit is the observer's alone.
	var observed json.RawMessage
	if c.respLimit > j.opts.BodyLimit && len(c.respBody) > j.opts.BodyLimit {
		observed, _ = j.memoBodyLimit(&j.memos.observed, c.respType, c.respBody, c.respSize, c.respLimit)
	}
	return e, observed
}

// redactBody turns a captured body into what the journal keeps: redacted
// JSON for JSON and form bodies; for anything else (HTML, CSV, bodies cut
// at the limit) only a note, since it cannot be redacted field by field.
func redactBody(contentType string, body []byte, size int64, limit int) (json.RawMessage, string) {
	switch {
	case size == 0 && len(body) == 0:
		return nil, ""
	case len(body) > limit:
		return nil, fmt.Sprintf("%d bytes, over the journal's %d-byte limit", size, limit)
	case len(body) == 0:
		return nil, ""
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, "form body that does not parse"
		}
		out, err := json.Marshal(redact.Journal.Values(q))
		if err != nil {
			return nil, "form body that does not encode"
		}
		return out, ""
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		out, err := redact.Journal.AppendJSON(make([]byte, 0, len(body)), body)
		if err != nil {
			return nil, "JSON body that does not parse"
		}
		return out, ""
	}
	return nil, fmt.Sprintf("%d bytes of %s, not stored (only JSON and forms can be redacted)", size, orUnknown(mt))
}

func orUnknown(mt string) string {
	if mt == "" {
		return "unknown type"
	}
	return mt
}
