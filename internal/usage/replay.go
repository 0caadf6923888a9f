package usage

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxStepsPerOperation bounds the steps ReplaySteps describes for one
// operation (one per new enum value beyond the first).
const maxStepsPerOperation = 8

// ReplayStep describes a request shape only the app sends, for a contract
// run to replay against the tier: the operation, every parameter and body
// field the app sends, with the enum values it chose and, for everything
// else, a synthetic value of the field's kind. It never holds a value of
// the app's own but the spec's enum members.
type ReplayStep struct {
	OperationID string `json:"operationId"`
	Method      string `json:"method"`
	// Path is the spec's template; its parameters are in Parameters["path"]
	// (synthetic: a run puts identities of its own there).
	Path       string                      `json:"path"`
	Parameters map[string]map[string]Value `json:"parameters,omitempty"`
	// Body is a JSON body with the fields the app sets.
	Body json.RawMessage `json:"body,omitempty"`
	// Writes says the request may change the tier (not a GET): a run
	// holds it to the same write guard as its scenarios.
	Writes bool `json:"writes"`
	// Because says what of it only the app sends.
	Because []string `json:"because"`
}

// Value is a parameter's value in a replay step.
type Value struct {
	Value string `json:"value"`
	// Enum says the value is an enum member the app sent; otherwise it
	// is synthetic.
	Enum bool `json:"enum,omitempty"`
}

// ReplaySteps describes, for each operation, the requests that exercise
// what app sends and ours (the profile of the contract scenarios' own
// traffic) does not: parameters and body fields, and enum values. An
// operation the app uses no differently from ours gets none.
func ReplaySteps(app, ours *Profile, idx *Index) []ReplayStep {
	var out []ReplayStep
	for _, id := range sortedKeys(app.Operations) {
		info := idx.ops[id]
		if info == nil {
			continue
		}
		mine := app.Operations[id]
		theirs := ours.Operations[id]
		if theirs == nil {
			theirs = &Operation{}
		}
		news := novelties(mine, theirs)
		if len(news) == 0 {
			continue
		}
		out = append(out, stepsFor(info, mine, news)...)
	}
	return out
}

// novelty is one thing only the app sends: a parameter or field (value
// "") or one enum value of it.
type novelty struct {
	in, name, value string // in: a parameter location or InBody
}

func (n novelty) String() string {
	what := n.in + " parameter " + n.name
	if n.in == InBody {
		what = "body field " + n.name
	}
	if n.value != "" {
		return fmt.Sprintf("%s = %s", what, n.value)
	}
	return what
}

func novelties(mine, theirs *Operation) []novelty {
	var out []novelty
	for _, in := range sortedKeys(mine.Parameters) {
		out = append(out, newUses(in, mine.Parameters[in], theirs.Parameters[in])...)
	}
	return append(out, newUses(InBody, mine.RequestFields, theirs.RequestFields)...)
}

func newUses(in string, mine, theirs map[string]*Use) []novelty {
	var out []novelty
	for _, name := range sortedKeys(mine) {
		u := mine[name]
		if u.Sent == 0 {
			continue
		}
		t := theirs[name]
		if t == nil || t.Sent == 0 {
			out = append(out, novelty{in: in, name: name})
			t = &Use{}
		}
		for _, v := range sortedKeys(u.Values) {
			if t.Values[v] == 0 {
				out = append(out, novelty{in: in, name: name, value: v})
			}
		}
	}
	return out
}

// stepsFor is a base step (every enum at the app's most sent value) and
// one more per new enum value the base does not carry.
func stepsFor(info *opInfo, mine *Operation, news []novelty) []ReplayStep {
	base := ReplayStep{OperationID: info.id, Method: info.method, Path: info.path,
		Writes: info.method != http.MethodGet && info.method != http.MethodHead}
	base.Parameters = baseParams(info, mine)
	body := bodyFor(info.request, mine.RequestFields, novelty{})
	base.Body = body
	out := []ReplayStep{base}
	for _, n := range news {
		if n.value == "" {
			out[0].Because = append(out[0].Because, n.String())
			continue
		}
		if chosen(base, info, mine, n) {
			out[0].Because = append(out[0].Because, n.String())
			continue
		}
		if len(out) == maxStepsPerOperation {
			break
		}
		out = append(out, variant(base, info, mine, n))
	}
	if len(out[0].Because) == 0 {
		out = out[1:]
	}
	return out
}

func baseParams(info *opInfo, mine *Operation) map[string]map[string]Value {
	out := map[string]map[string]Value{}
	for in, params := range mine.Parameters {
		for name, u := range params {
			if u.Sent == 0 {
				continue
			}
			if out[in] == nil {
				out[in] = map[string]Value{}
			}
			out[in][name] = paramValue(info, in, name, u)
		}
	}
	// Path parameters are always sent: the path needs them.
	for _, p := range info.params[InPath] {
		if out[InPath] == nil {
			out[InPath] = map[string]Value{}
		}
		if _, ok := out[InPath][p.name]; !ok {
			out[InPath][p.name] = Value{Value: textOf(synthetic(paramSchema(p.schema), p.name))}
		}
	}
	return out
}

func paramValue(info *opInfo, in, name string, u *Use) Value {
	if v, ok := mostSent(u.Values); ok {
		return Value{Value: v, Enum: true}
	}
	return Value{Value: textOf(synthetic(paramSchema(info.param(in, name)), name))}
}

// paramSchema is the schema of one value of a parameter: an array
// parameter is sent one element at a time (name=a&name=b).
func paramSchema(s *openapi3.Schema) *openapi3.Schema {
	if s != nil && s.Type != nil && s.Type.Is("array") {
		return items(s, 0)
	}
	return s
}

// param is the schema of a declared parameter, by the spec's name.
func (o *opInfo) param(in, name string) *openapi3.Schema {
	for _, p := range o.params[in] {
		if p.name == name {
			return p.schema
		}
	}
	return nil
}

// chosen reports whether the base step already carries n's value.
func chosen(base ReplayStep, info *opInfo, mine *Operation, n novelty) bool {
	if n.in != InBody {
		return base.Parameters[n.in][n.name].Value == n.value
	}
	v, _ := mostSent(mine.RequestFields[n.name].Values)
	return v == n.value
}

// variant is base with n's value in place of the app's most sent one.
func variant(base ReplayStep, info *opInfo, mine *Operation, n novelty) ReplayStep {
	s := base
	s.Because = []string{n.String()}
	if n.in == InBody {
		s.Body = bodyFor(info.request, mine.RequestFields, n)
		return s
	}
	s.Parameters = map[string]map[string]Value{}
	for in, params := range base.Parameters {
		s.Parameters[in] = map[string]Value{}
		for name, v := range params {
			s.Parameters[in][name] = v
		}
	}
	s.Parameters[n.in][n.name] = Value{Value: n.value, Enum: true}
	return s
}

func textOf(v any) string {
	if t, ok := text(v); ok {
		return t
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// bodyFor builds a JSON body setting every field the app sets: enum
// fields at the app's most sent value (or override's), the rest
// synthetic by the schema. nil when the app sends no body.
func bodyFor(s *openapi3.Schema, fields map[string]*Use, override novelty) json.RawMessage {
	var paths []string
	for p, u := range fields {
		if u.Sent > 0 {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	root := any(map[string]any{})
	for _, p := range paths {
		if isLeaf(p, paths) {
			root = set(root, s, strings.Split(p, "/")[1:], leafValue(s, p, fields[p], override))
		}
	}
	b, err := json.Marshal(root)
	if err != nil {
		return nil
	}
	return b
}

func isLeaf(p string, sorted []string) bool {
	i, _ := slices.BinarySearch(sorted, p+"/")
	return i >= len(sorted) || !strings.HasPrefix(sorted[i], p+"/")
}

func leafValue(root *openapi3.Schema, path string, u *Use, override novelty) any {
	s := schemaAt(root, path)
	if override.in == InBody && override.name == path {
		return asKind(s, override.value)
	}
	if v, ok := mostSent(u.Values); ok {
		return asKind(s, v)
	}
	return synthetic(s, lastToken(path))
}

// schemaAt follows a profile path through a schema.
func schemaAt(s *openapi3.Schema, path string) *openapi3.Schema {
	for _, tok := range strings.Split(path, "/")[1:] {
		switch tok {
		case ArrayItem:
			s = items(s, 0)
		case MapKey:
			s, _ = mapValues(s)
		default:
			_, s = child(s, unescape(tok))
		}
		if s == nil {
			return nil
		}
	}
	return s
}

// set puts v at the path toks under node, creating objects and
// one-element arrays on the way, and returns the node.
func set(node any, s *openapi3.Schema, toks []string, v any) any {
	if len(toks) == 0 {
		return v
	}
	tok := toks[0]
	if tok == ArrayItem {
		arr, _ := node.([]any)
		var first any
		if len(arr) > 0 {
			first = arr[0]
		}
		return []any{set(orObject(first, toks[1:]), items(s, 0), toks[1:], v)}
	}
	obj, ok := node.(map[string]any)
	if !ok {
		obj = map[string]any{}
	}
	key, cs := unescape(tok), (*openapi3.Schema)(nil)
	if tok == MapKey {
		key, cs = syntheticText, nil
		if vs, ok := mapValues(s); ok {
			cs = vs
		}
	} else {
		_, cs = child(s, key)
	}
	obj[key] = set(orObject(obj[key], toks[1:]), cs, toks[1:], v)
	return obj
}

// orObject is n, or the empty container the rest of a path needs.
func orObject(n any, rest []string) any {
	if n != nil || len(rest) == 0 {
		return n
	}
	if rest[0] == ArrayItem {
		return []any{}
	}
	return map[string]any{}
}

func unescape(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}
