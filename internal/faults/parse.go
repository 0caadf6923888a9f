package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// request is the JSON form of a fault, as POST /_mockdex/faults takes it:
// which calls (operationId ... namespace), then what happens to them.
type request struct {
	OperationID    string                     `json:"operationId"`
	Method         string                     `json:"method"`
	Path           string                     `json:"path"`
	Host           string                     `json:"host"`
	Query          map[string]string          `json:"query"`
	RequestHeaders map[string]string          `json:"requestHeaders"`
	BodyFields     map[string]json.RawMessage `json:"bodyFields"`
	Patient        string                     `json:"patient"`
	Namespace      string                     `json:"namespace"`
	Kind           Kind                       `json:"kind"`
	Status         int                        `json:"status"`
	Headers        map[string]string          `json:"headers"`
	Body           json.RawMessage            `json:"body"`
	Delay          json.RawMessage            `json:"delay"`
	BytesPerSecond int                        `json:"bytesPerSecond"`
	Times          *int                       `json:"times"`
	Probability    *float64                   `json:"probability"`
}

// Fields lists a fault's JSON fields, in the order the docs give them.
func Fields() []string {
	t := reflect.TypeFor[request]()
	out := make([]string, t.NumField())
	for i := range out {
		out[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return out
}

// Bounds on what one fault may hold.
const (
	maxPairs          = 16 // query, requestHeaders, bodyFields and headers entries each
	maxText           = 1024
	MaxBytesPerSecond = 1 << 20
)

// BadFault is a refused fault; its message names the field at fault.
type BadFault struct {
	Msg string
	// Operations lists the valid operationIds when the one sent is unknown.
	Operations []string
	// Paths lists the spec's operations as "METHOD /path" when a method
	// and path match none.
	Paths []string
}

func (e *BadFault) Error() string { return e.Msg }

func refuse(format string, args ...any) *BadFault {
	return &BadFault{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a fault from its JSON form and checks it; ops are the
// spec's operations, the only ones a fault may name. A refusal is a
// *BadFault naming the field.
func Parse(body []byte, ops []Operation) (Fault, error) {
	var req request
	if err := decodeStrict(body, &req); err != nil {
		return Fault{}, err
	}
	return req.fault(ops)
}

// decodeStrict decodes one fault object, refusing a field it does not
// know by naming the ones it does.
func decodeStrict(body []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(into)
	if err == nil {
		return nil
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return refuse("unknown field %s: a fault's fields are %s", name, strings.Join(Fields(), ", "))
	}
	return refuse("body must be a JSON object with a fault's fields (%s): %v", strings.Join(Fields(), ", "), err)
}

func (req request) fault(ops []Operation) (Fault, error) {
	m, err := req.match(ops)
	if err != nil {
		return Fault{}, err
	}
	f := Fault{Match: m, Kind: req.Kind, Status: req.Status, Headers: req.Headers, Times: req.Times,
		BytesPerSecond: req.BytesPerSecond, Probability: 1}
	if len(req.Body) > 0 && !bytes.Equal(req.Body, []byte("null")) {
		f.Body = req.Body
	}
	if req.Probability != nil {
		f.Probability = *req.Probability
	}
	if f.Delay, err = parseDelay(req.Delay); err != nil {
		return Fault{}, err
	}
	if err := f.settleKind(); err != nil {
		return Fault{}, err
	}
	return f, check(f)
}

// match checks the fields that say which calls the fault applies to.
func (req request) match(ops []Operation) (Match, error) {
	m := Match{OperationID: req.OperationID, Method: strings.ToUpper(req.Method), Path: req.Path, Host: req.Host,
		Query: req.Query, RequestHeaders: canonicalHeaders(req.RequestHeaders), Patient: req.Patient,
		Namespace: req.Namespace, BodyFields: req.BodyFields}
	if m.OperationID == "" && m.Path == "" && m.Host == "" {
		return m, refuse("a fault needs 'operationId', or 'method' and 'path' (as sent, or a template such as /api/9/visits/{visitId}/summary), or 'host'")
	}
	for _, check := range []func(*Match, []Operation) error{checkOperation, checkHost, checkMethod, checkPath, checkPairs} {
		if err := check(&m, ops); err != nil {
			return m, err
		}
	}
	return m, checkBodyFields(&m)
}

func checkOperation(m *Match, ops []Operation) error {
	if m.OperationID == "" {
		return nil
	}
	for _, op := range ops {
		if op.ID == m.OperationID {
			return nil
		}
	}
	ids := make([]string, len(ops))
	for i, op := range ops {
		ids[i] = op.ID
	}
	return &BadFault{Msg: fmt.Sprintf("'operationId' %q is not an operation in the spec", clip(m.OperationID)), Operations: ids}
}

func checkHost(m *Match, ops []Operation) error {
	if m.Host == "" {
		return nil
	}
	var hosts []string
	for _, op := range ops {
		if op.Host == m.Host {
			return nil
		}
		if op.Host != "" && !slices.Contains(hosts, op.Host) {
			hosts = append(hosts, op.Host)
		}
	}
	slices.Sort(hosts)
	return refuse("'host' %q is not one of DexCare's hosts in the spec: %s", clip(m.Host), strings.Join(hosts, ", "))
}

func checkMethod(m *Match, ops []Operation) error {
	if m.Method == "" {
		return nil
	}
	if m.Path == "" && m.Host == "" && m.OperationID == "" {
		return refuse("'method' needs a 'path' (or a 'host' or an 'operationId')")
	}
	for _, op := range ops {
		if op.Method == m.Method {
			return nil
		}
	}
	return refuse("'method' %q is not a method of any operation in the spec", clip(m.Method))
}

// checkPath refuses a path no operation of the spec has (with the
// method, operationId and host given), listing those it has.
func checkPath(m *Match, ops []Operation) error {
	if m.Path == "" {
		return matchesSome(m, ops)
	}
	if !strings.HasPrefix(m.Path, "/") || strings.ContainsAny(m.Path, "?# ") || len(m.Path) > maxText {
		return refuse("'path' must be a path starting with / (no query), such as /api/9/modalities or /api/9/visits/{visitId}/summary")
	}
	m.segs = splitPath(m.Path)
	if err := matchesSome(m, ops); err == nil {
		return nil
	}
	paths := make([]string, len(ops))
	for i, op := range ops {
		paths[i] = op.Method + " " + op.Path
	}
	return &BadFault{Msg: fmt.Sprintf("'path' %q%s is not a path of the spec%s", clip(m.Path), withMethod(m.Method), alsoNamed(m)), Paths: paths}
}

// matchesSome refuses a match that no operation of the spec can meet.
func matchesSome(m *Match, ops []Operation) error {
	for _, op := range ops {
		if (m.OperationID == "" || op.ID == m.OperationID) && (m.Host == "" || op.Host == m.Host) &&
			(m.Method == "" || op.Method == m.Method) && (m.segs == nil || templateMatches(m.segs, op.Path)) {
			return nil
		}
	}
	return refuse("no operation of the spec is%s%s", withMethod(m.Method), alsoNamed(m))
}

func withMethod(method string) string {
	if method == "" {
		return ""
	}
	return " with method " + method
}

func alsoNamed(m *Match) string {
	var parts []string
	if m.OperationID != "" {
		parts = append(parts, "operationId "+m.OperationID)
	}
	if m.Host != "" {
		parts = append(parts, "host "+m.Host)
	}
	if m.Path != "" && len(parts) > 0 {
		return " (for " + strings.Join(parts, " and ") + ")"
	}
	if len(parts) > 0 {
		return " " + strings.Join(parts, " and ")
	}
	return ""
}

// headerName is an HTTP header name (RFC 9110's token).
var headerName = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+.^_|~-]{1,128}$`)

func checkPairs(m *Match, _ []Operation) error {
	for name, pairs := range map[string]map[string]string{"query": m.Query, "requestHeaders": m.RequestHeaders} {
		if len(pairs) > maxPairs {
			return refuse("'%s' may hold at most %d entries", name, maxPairs)
		}
		for k, v := range pairs {
			if k == "" || len(k) > maxText || len(v) > maxText || name == "requestHeaders" && !headerName.MatchString(k) {
				return refuse("'%s' must map names to values (a header name is letters, digits and -)", name)
			}
		}
	}
	if len(m.Patient) > 64 || len(m.Namespace) > 64 {
		return refuse("'patient' and 'namespace' are at most 64 characters")
	}
	return nil
}

func checkBodyFields(m *Match) error {
	if len(m.BodyFields) > maxPairs {
		return refuse("'bodyFields' may hold at most %d entries", maxPairs)
	}
	for p, raw := range m.BodyFields {
		tokens, ok := parsePointer(p)
		if !ok || len(p) > maxText {
			return refuse("'bodyFields' key %q is not a JSON pointer: write /visitDetails/stateLicensure", clip(p))
		}
		v, err := decodeValue(raw)
		if err != nil {
			return refuse("'bodyFields' %q: the value must be JSON", clip(p))
		}
		m.fields = append(m.fields, bodyField{tokens, v})
	}
	return nil
}

func canonicalHeaders(h map[string]string) map[string]string {
	if h == nil {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[canonicalHeader(k)] = v
	}
	return out
}

// canonicalHeader is net/http's canonical form of a header name.
func canonicalHeader(k string) string {
	b := []byte(strings.ToLower(k))
	upper := true
	for i, c := range b {
		if upper && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		upper = c == '-'
	}
	return string(b)
}
