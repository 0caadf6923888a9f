package mirror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/redact"
)

// RecordedBase is the tier's base URL when the mirror reads a recording
// (FromSeen): every host is the recording.
const RecordedBase = "http://recording.invalid"

// SeenTier answers the mirror's read-only calls from answers the contract
// proxy recorded (LoadSeen): what an app saw, not what the mirror asks.
// A call is answered by the recorded answer to the same request, else by
// the newest one to the same path (the app's query or body was not the
// mirror's), else as the tier would answer a thing it does not hold: 404
// for a practice or a provider's slots, an empty list or search for the
// rest, and the report says which calls had no recording. A value the
// recording redacted ("[redacted]") is taken as unseen: the field is
// left out, so the mirror guesses or defaults it and says so.
type SeenTier struct {
	exact  map[string]SeenAnswer
	byPath map[string]SeenAnswer

	mu     sync.Mutex // guards missed
	missed map[string]int
}

// NewSeenTier serves seen answers (LoadSeen's, in any order).
func NewSeenTier(seen []SeenAnswer) *SeenTier {
	t := &SeenTier{exact: map[string]SeenAnswer{}, byPath: map[string]SeenAnswer{}, missed: map[string]int{}}
	for _, a := range seen {
		q := url.Values{}
		for k, v := range a.Query {
			switch x := v.(type) {
			case string:
				q.Add(k, x)
			case []any:
				for _, e := range x {
					if s, ok := e.(string); ok {
						q.Add(k, s)
					}
				}
			}
		}
		t.exact[seenRequestKey(a.Method, a.Path, q, a.RequestBody)] = a
		pk := a.Method + " " + a.Path
		if old, ok := t.byPath[pk]; !ok || a.SeenAt.After(old.SeenAt) {
			t.byPath[pk] = a
		}
	}
	return t
}

func seenRequestKey(method, path string, q url.Values, body []byte) string {
	var compact bytes.Buffer
	if len(body) > 0 && json.Compact(&compact, body) != nil {
		compact.Reset()
		compact.Write(body)
	}
	return method + " " + path + "?" + q.Encode() + "\x00" + compact.String()
}

// Do answers one of the mirror's requests from the recording.
func (t *SeenTier) Do(req *http.Request) (*http.Response, error) {
	call, ok := ReadOnlyCall(req.Method, req.URL.Path)
	if !ok {
		return answerOf(req, http.StatusNotFound, []byte(`{"message":"not a read-only call"}`)), nil
	}
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(req.Body, MaxSeenBytes))
	}
	a, ok := t.exact[seenRequestKey(req.Method, req.URL.Path, req.URL.Query(), body)]
	if !ok {
		a, ok = t.byPath[req.Method+" "+req.URL.Path]
	}
	if !ok {
		t.mu.Lock()
		t.missed[call.OperationID]++
		t.mu.Unlock()
		status, empty := unrecorded(call.OperationID)
		return answerOf(req, status, empty), nil
	}
	return answerOf(req, http.StatusOK, unseenRedacted(a.Body)), nil
}

// unrecorded is the answer to a call no recording covers: what the tier
// answers for something it does not hold.
func unrecorded(operationID string) (int, []byte) {
	switch operationID {
	case "getPractice", "getSingleProviderTimeslots":
		return http.StatusNotFound, []byte(`{"message":"not recorded"}`)
	case "availableProvidersV1", "getAggregatedSlotsV1":
		return http.StatusOK, []byte(`{}`)
	case "searchProviderHistories":
		return http.StatusOK, []byte(`{"count":0,"data":[]}`)
	}
	return http.StatusOK, []byte(`[]`)
}

func answerOf(req *http.Request, status int, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req}
}

// Missed lists the operations whose calls no recording answered, with
// how many calls, for the report.
func (t *SeenTier) Missed() []Note {
	t.mu.Lock()
	defer t.mu.Unlock()
	ops := make([]string, 0, len(t.missed))
	for op := range t.missed {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	out := make([]Note, 0, len(ops))
	for _, op := range ops {
		calls := fmt.Sprintf("%d calls", t.missed[op])
		if t.missed[op] == 1 {
			calls = "1 call"
		}
		out = append(out, Note{Where: op, What: "no recorded answer for " + calls + "; answered as a tier that holds nothing there"})
	}
	return out
}

// unseenRedacted drops every value the recording redacted: a field
// holding "[redacted]" is left out, an array element too.
func unseenRedacted(body []byte) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	out, err := json.Marshal(dropMasked(v))
	if err != nil {
		return body
	}
	return out
}

func dropMasked(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			if s, ok := c.(string); ok && s == redact.Mask {
				delete(t, k)
				continue
			}
			t[k] = dropMasked(c)
		}
	case []any:
		out := t[:0]
		for _, c := range t {
			if s, ok := c.(string); ok && s == redact.Mask {
				continue
			}
			out = append(out, dropMasked(c))
		}
		return out
	}
	return v
}

// SeenConfig is what a recording names: the practices whose answers it
// holds and the providers whose slots it holds, for a mirror given no
// other configuration.
func SeenConfig(seen []SeenAnswer) Config {
	var c Config
	have := map[string]bool{}
	for _, a := range seen {
		parts := strings.Split(strings.Trim(a.Path, "/"), "/")
		switch {
		case a.OperationID == "getPractice" && len(parts) == 4 && !have["p"+parts[3]]:
			have["p"+parts[3]] = true
			c.Practices = append(c.Practices, PracticeRef{ID: parts[3]})
		case a.OperationID == "getSingleProviderTimeslots" && len(parts) == 4 && !have["n"+parts[2]]:
			have["n"+parts[2]] = true
			c.NPIs = append(c.NPIs, parts[2])
		}
	}
	return c
}
