package faults

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Operation is one operation of the spec as a fault may name it: by
// operationId, by method and path (template), or by the host serving it.
type Operation struct {
	ID, Method, Path, Host string
}

// Call is one request as fault rules see it: routed and validated, not
// yet answered. The HTTP layer implements it over its own request.
type Call interface {
	OperationID() string
	Method() string
	// Path is the request's path, as sent.
	Path() string
	// Host is the routed operation's x-dexcare-host.
	Host() string
	// QueryValues and HeaderValues are the request's values of one query
	// parameter and one header (canonical name).
	QueryValues(name string) []string
	HeaderValues(name string) []string
	// JSON is the parsed JSON body, if there is one (numbers as
	// json.Number).
	JSON() (any, bool)
	// Patient is the verified bearer token's subject, "" without one.
	Patient() string
}

// Match says which calls a fault applies to: every field given must
// match; fields left out match anything. A fault needs at least an
// operationId, a path or a host.
type Match struct {
	OperationID string `json:"operationId,omitempty"`
	// Method is the HTTP method (any case); it needs a path or a host.
	Method string `json:"method,omitempty"`
	// Path is a path as sent (/api/9/visits/3f2a.../summary) or a template
	// whose {name} segments match any one segment
	// (/api/9/visits/{visitId}/summary).
	Path string `json:"path,omitempty"`
	// Host is the DexCare host serving the operation (x-dexcare-host).
	Host string `json:"host,omitempty"`
	// Query maps a query parameter to a value one of its values must equal.
	Query map[string]string `json:"query,omitempty"`
	// RequestHeaders maps a header name (any case) to a value one of its
	// values must equal.
	RequestHeaders map[string]string `json:"requestHeaders,omitempty"`
	// BodyFields maps a JSON pointer (RFC 6901) into the request's JSON
	// body to the JSON value found there.
	BodyFields map[string]json.RawMessage `json:"bodyFields,omitempty"`
	// Patient is the bearer token's subject, a patient GUID (any case).
	Patient string `json:"patient,omitempty"`
	// Namespace names the namespace the fault belongs to (the one it was
	// added in); it is shown, and matches every call there.
	Namespace string `json:"namespace,omitempty"`

	segs   []string    // Path split at "/"
	fields []bodyField // BodyFields, parsed
}

// bodyField is one BodyFields entry: the pointer's tokens and the value.
type bodyField struct {
	tokens []string
	value  any
}

// Matches reports whether the call is one the fault applies to.
func (m *Match) Matches(c Call) bool {
	switch {
	case m.OperationID != "" && m.OperationID != c.OperationID(),
		m.Host != "" && m.Host != c.Host(),
		m.Method != "" && !strings.EqualFold(m.Method, c.Method()),
		m.segs != nil && !pathMatches(m.segs, c.Path()),
		m.Patient != "" && !strings.EqualFold(m.Patient, c.Patient()):
		return false
	}
	for k, v := range m.Query {
		if !contains(c.QueryValues(k), v) {
			return false
		}
	}
	for k, v := range m.RequestHeaders {
		if !contains(c.HeaderValues(k), v) {
			return false
		}
	}
	return m.bodyMatches(c)
}

func (m *Match) bodyMatches(c Call) bool {
	if len(m.fields) == 0 {
		return true
	}
	body, ok := c.JSON()
	if !ok {
		return false
	}
	for _, f := range m.fields {
		v, found := pointAt(body, f.tokens)
		if !found || !jsonEqual(v, f.value) {
			return false
		}
	}
	return true
}

func contains(vals []string, v string) bool {
	for _, x := range vals {
		if x == v {
			return true
		}
	}
	return false
}

// splitPath splits a path into its segments ("/a/b" → a, b).
func splitPath(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

// isParam says whether a pattern segment is a template's {name}.
func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// pathMatches compares a request's path with a pattern's segments.
func pathMatches(pattern []string, path string) bool {
	for _, seg := range pattern {
		if path == "" || path[0] != '/' {
			return false
		}
		path = path[1:]
		end := strings.IndexByte(path, '/')
		if end < 0 {
			end = len(path)
		}
		got := path[:end]
		if isParam(seg) && got == "" || !isParam(seg) && got != seg {
			return false
		}
		path = path[end:]
	}
	return path == ""
}

// templateMatches says whether a pattern can match some request for the
// spec's path template: segment by segment, a pattern's {name} or a
// template's {name} matches anything.
func templateMatches(pattern []string, template string) bool {
	ts := splitPath(template)
	if len(ts) != len(pattern) {
		return false
	}
	for i, seg := range pattern {
		if !isParam(seg) && !isParam(ts[i]) && seg != ts[i] {
			return false
		}
	}
	return true
}

// parsePointer splits an RFC 6901 JSON pointer into its tokens.
func parsePointer(p string) ([]string, bool) {
	if p == "" {
		return nil, true
	}
	if p[0] != '/' {
		return nil, false
	}
	tokens := strings.Split(p[1:], "/")
	for i, t := range tokens {
		tokens[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
	}
	return tokens, true
}

// pointAt is the value the pointer's tokens lead to in v.
func pointAt(v any, tokens []string) (any, bool) {
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[t]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) || (len(t) > 1 && t[0] == '0') {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// decodeValue parses one JSON value with numbers kept as json.Number, as
// the gate parses bodies.
func decodeValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// jsonEqual compares two parsed JSON values; numbers compare by value
// (1 equals 1.0).
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		return ok && numbersEqual(x, y)
	case float64:
		y, ok := b.(json.Number)
		return ok && numbersEqual(json.Number(strconv.FormatFloat(x, 'g', -1, 64)), y)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			if yv, ok := y[k]; !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, errA := a.Float64()
	y, errB := b.Float64()
	return errA == nil && errB == nil && x == y
}
