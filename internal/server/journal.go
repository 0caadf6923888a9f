package server

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"
)

// DefaultJournalSize is how many requests the journal keeps when
// Options.JournalSize is zero.
const DefaultJournalSize = 1000

// JournalEntry is one served request as the journal keeps it: redacted
// (see journal_redact.go), so it can be shown to anyone who can reach the
// mock.
type JournalEntry struct {
	Seq           uint64            `json:"seq"`
	Namespace     string            `json:"namespace,omitempty"` // as sent in X-Mockdex-Namespace
	Time          time.Time         `json:"time"`                // mock clock at arrival
	WallTime      time.Time         `json:"wallTime"`            // real time at arrival
	Method        string            `json:"method"`
	Path          string            `json:"path"`
	Query         map[string]any    `json:"query,omitempty"`
	Headers       map[string]string `json:"headers,omitempty"`
	OperationID   string            `json:"operationId"`
	Status        int               `json:"status"`
	DurationMs    float64           `json:"durationMs"`
	CorrelationID string            `json:"correlationId,omitempty"`
	Faulted       bool              `json:"faulted"`
	FaultID       string            `json:"faultId,omitempty"`
	RequestBody   json.RawMessage   `json:"requestBody,omitempty"`
	// RequestBodyOmitted says why a body that was sent is not shown
	// (too large, not JSON or a form).
	RequestBodyOmitted  string          `json:"requestBodyOmitted,omitempty"`
	ResponseBody        json.RawMessage `json:"responseBody,omitempty"`
	ResponseBodyOmitted string          `json:"responseBodyOmitted,omitempty"`
}

// journal is a bounded ring of the newest requests.
type journal struct {
	mu      sync.Mutex     // guards entries, next, full and seq
	entries []JournalEntry // ring; entries[next] is the oldest once full
	next    int            // where the next entry goes
	full    bool           // the ring has wrapped
	seq     uint64         // last sequence number handed out
}

// newJournal keeps size entries; a size below 1 keeps none.
func newJournal(size int) *journal {
	if size < 1 {
		return nil
	}
	return &journal{entries: make([]JournalEntry, size)}
}

// add stores e, dropping the oldest entry when the ring is full. A nil
// journal (turned off) drops everything.
func (j *journal) add(e JournalEntry) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	j.entries[j.next] = e
	j.next = (j.next + 1) % len(j.entries)
	if j.next == 0 {
		j.full = true
	}
}

// clone copies e deeply, so nothing a caller does reaches the ring.
// Query values are strings or []string (see redactValues).
func (e *JournalEntry) clone() JournalEntry {
	c := *e
	c.Query = maps.Clone(e.Query)
	for k, v := range c.Query {
		if vs, ok := v.([]string); ok {
			c.Query[k] = slices.Clone(vs)
		}
	}
	c.Headers = maps.Clone(e.Headers)
	c.RequestBody = bytes.Clone(e.RequestBody)
	c.ResponseBody = bytes.Clone(e.ResponseBody)
	return c
}

// journalFilter picks entries; zero fields match everything.
type journalFilter struct {
	operationID string
	status      int
	limit       int
	namespace   string // set: only this namespace's entries (see inNamespace)
	after       uint64 // only entries with a greater Seq
	seq         uint64 // set: only this entry
}

func (f journalFilter) match(e *JournalEntry) bool {
	return (f.operationID == "" || e.OperationID == f.operationID) &&
		(f.status == 0 || e.Status == f.status) &&
		(f.namespace == "" || inNamespace(e.Namespace, f.namespace)) &&
		e.Seq > f.after && (f.seq == 0 || e.Seq == f.seq)
}

// list returns copies of the matching entries, newest first.
func (j *journal) list(f journalFilter) []JournalEntry {
	out := []JournalEntry{}
	if j == nil {
		return out
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	n := j.next
	if j.full {
		n = len(j.entries)
	}
	for i := 1; i <= n; i++ {
		e := &j.entries[(j.next-i+len(j.entries))%len(j.entries)]
		if !f.match(e) {
			continue
		}
		out = append(out, e.clone())
		if f.limit > 0 && len(out) == f.limit {
			break
		}
	}
	return out
}

// clear empties the journal; sequence numbers keep counting so a client
// polling by seq never sees one reused.
func (j *journal) clear() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.entries)
	j.next, j.full = 0, false
}

// parseJournalFilter reads ?operationId=&status=&limit=.
func parseJournalFilter(q map[string][]string) (journalFilter, string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := journalFilter{operationID: get("operationId")}
	var err error
	if v := get("status"); v != "" {
		if f.status, err = strconv.Atoi(v); err != nil || f.status < 100 || f.status > 599 {
			return f, "'status' must be an HTTP status code (100-599)"
		}
	}
	if v := get("limit"); v != "" {
		if f.limit, err = strconv.Atoi(v); err != nil || f.limit < 1 {
			return f, "'limit' must be a positive integer"
		}
	}
	return f, ""
}
