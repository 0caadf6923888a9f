package usage

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/redact"
)

// maxBodyDepth bounds the walk of a body (the journal already bounds its
// size).
const maxBodyDepth = 64

// Builder folds journal entries into a profile, one at a time: cheap
// enough for the journal's flush (Journal.Observe), safe to read while
// it folds.
type Builder struct {
	idx *Index

	mu sync.Mutex // guards p
	p  *Profile

	// requests and answers remember what requests and answers already
	// folded added to the profile (memo.go).
	requests memo[*Operation]
	answers  memo[[]string]
	last     lastAnswer
}

// NewBuilder starts an empty profile of one run, named source ("": a
// random id). Entries of operations idx does not know are counted as
// unmatched.
func NewBuilder(idx *Index, source string) *Builder {
	if source == "" {
		source = NewSource()
	}
	return &Builder{idx: idx, p: New(source), requests: newMemo[*Operation](), answers: newMemo[[]string]()}
}

// NewSource is a random run id.
func NewSource() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "run-" + hex.EncodeToString(b[:])
}

// Profile returns a copy of the profile so far.
func (b *Builder) Profile() *Profile {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.p.clone()
}

// Reset starts a new run: an empty profile under a fresh source id.
func (b *Builder) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.p = New(NewSource())
}

// Add folds one journal entry. It reads only what the journal kept
// (redacted), and keeps only names and enum values.
func (b *Builder) Add(e *journal.Entry) {
	op := b.idx.ops[e.OperationID]
	if op == nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.p.Unmatched++
		return
	}
	call := b.requestDelta(op, e)
	var responses []string
	if len(e.ResponseBody) > 0 {
		responses = b.answerPaths(op, e.Status, e.ResponseBody)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	dst := b.p.operation(op.id)
	dst.merge(call, sum)
	dst.addResponses(responses)
}

// requestDelta is what one request of op adds to the profile, before
// its answer: remembered by requestKey. The result is shared: read only.
func (b *Builder) requestDelta(op *opInfo, e *journal.Entry) *Operation {
	key := requestKey(b.requests.hash(), op, e)
	if d, ok := b.requests.get(key); ok {
		return d
	}
	d := observe(b.idx, op, e).operation()
	b.requests.put(key, d)
	return d
}

// addResponses counts one answer holding each of paths (distinct).
func (o *Operation) addResponses(paths []string) {
	if len(paths) == 0 {
		return
	}
	if o.ResponseFields == nil {
		o.ResponseFields = make(map[string]int64, len(paths))
	}
	for _, p := range paths {
		o.ResponseFields[p]++
	}
	if trim(o.ResponseFields, MaxResponseFields, func(k string) int64 { return o.ResponseFields[k] }) {
		o.truncate(truncResponseFields)
	}
}

// observation is what one request showed, before it is counted: sets,
// so a list of ten elements counts its fields once.
type observation struct {
	status int
	params map[string]map[string]*sent // in → spec name → values
	undecl int64
	fields map[string]*sent
}

// sent is one parameter or field of one request: the enum values it
// held, and how many values were not enum members.
type sent struct {
	values map[string]bool
	other  int64
}

// answerPaths are the paths present in an answer of op with that
// status, remembered by the answer's shape (shapeKey). The result is
// shared: read only.
func (b *Builder) answerPaths(op *opInfo, status int, body []byte) []string {
	if paths, ok := b.last.get(op, status, body); ok {
		return paths
	}
	paths := b.shapedPaths(op, status, body)
	b.last.put(op, status, body, paths)
	return paths
}

// shapedPaths is answerPaths from the memo by shape, or from a walk.
func (b *Builder) shapedPaths(op *opInfo, status int, body []byte) []string {
	key, shaped := shapeKey(b.answers.hash(), op, status, body)
	if shaped {
		if paths, ok := b.answers.get(key); ok {
			return paths
		}
	}
	v, ok := decode(body)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	walk(v, op.response(status), "", 0, func(path string, _ *openapi3.Schema, _ any) { seen[path] = true })
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	if shaped {
		b.answers.put(key, paths)
	}
	return paths
}

// observe reads one request of op (not its answer: answerPaths does).
func observe(idx *Index, op *opInfo, e *journal.Entry) *observation {
	o := &observation{status: e.Status, params: map[string]map[string]*sent{}, fields: map[string]*sent{}}
	o.query(op, e.Query)
	if len(op.params[InPath]) > 0 {
		values := idx.pathParams(op, e.Method, e.Path)
		for key, p := range op.params[InPath] {
			if v, ok := values[key]; ok {
				o.param(InPath, p, []any{v})
			}
		}
	}
	for key, p := range op.params[InHeader] {
		if v, ok := e.Headers[key]; ok {
			o.param(InHeader, p, []any{v})
		}
	}
	if v, ok := decode(e.RequestBody); ok {
		walk(v, op.request, "", 0, o.field)
	}
	return o
}

// query reads the journal's query object: a string per name, or a list.
func (o *observation) query(op *opInfo, raw json.RawMessage) {
	var q map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &q) != nil {
		return
	}
	for name, v := range q {
		p, ok := op.params[InQuery][name]
		if !ok {
			o.undecl++
			continue
		}
		vs, isList := v.([]any)
		if !isList {
			vs = []any{v}
		}
		o.param(InQuery, p, vs)
	}
}

func (o *observation) param(in string, p param, vs []any) {
	if o.params[in] == nil {
		o.params[in] = map[string]*sent{}
	}
	s := o.params[in][p.name]
	if s == nil {
		s = &sent{values: map[string]bool{}}
		o.params[in][p.name] = s
	}
	members := allowed(p.schema, 0)
	for _, v := range vs {
		s.note(v, members, members != nil && paramValuesAllowed(in, p.name))
	}
}

func (o *observation) field(path string, s *openapi3.Schema, v any) {
	f := o.fields[path]
	if f == nil {
		f = &sent{values: map[string]bool{}}
		o.fields[path] = f
	}
	members := allowed(s, 0)
	f.note(v, members, members != nil && fieldValuesAllowed(path))
}

// note counts a scalar value: kept when keep and it is one of members;
// else, for a field whose values may be kept, counted as other. A masked
// value (the journal's) is neither: it says nothing of what was sent.
func (s *sent) note(v any, members map[string]bool, keep bool) {
	t, scalar := text(v)
	switch {
	case !scalar || !keep || t == redact.Mask:
	case members[t]:
		s.values[t] = true
	default:
		s.other++
	}
}

// operation is the observation as one call of an operation, to be
// added to the profile's.
func (o *observation) operation() *Operation {
	op := &Operation{Calls: 1, Statuses: map[int]int64{o.status: 1}, UndeclaredQuery: o.undecl}
	for in, params := range o.params {
		if op.Parameters == nil {
			op.Parameters = map[string]map[string]*Use{}
		}
		op.Parameters[in] = uses(params)
	}
	if len(o.fields) > 0 {
		op.RequestFields = uses(o.fields)
	}
	return op
}

// uses counts one request's parameters or fields.
func uses(m map[string]*sent) map[string]*Use {
	out := make(map[string]*Use, len(m))
	for name, s := range m {
		u := &Use{Sent: 1, OtherValues: s.other}
		for v := range s.values {
			if u.Values == nil {
				u.Values = map[string]int64{}
			}
			u.Values[v] = 1
		}
		out[name] = u
	}
	return out
}

func decode(raw json.RawMessage) (any, bool) {
	if len(raw) == 0 {
		return nil, false
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return v, true
}

// walk calls fn for every node below v (the root excluded) with its
// path, its schema (nil where the spec says nothing) and its value.
func walk(v any, s *openapi3.Schema, path string, depth int, fn func(string, *openapi3.Schema, any)) {
	if depth > maxBodyDepth {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			tok, cs := child(s, k)
			p := path + "/" + escape(tok)
			fn(p, cs, c)
			walk(c, cs, p, depth+1, fn)
		}
	case []any:
		is, p := items(s, 0), path+"/"+ArrayItem
		for _, c := range t {
			fn(p, is, c)
			walk(c, is, p, depth+1, fn)
		}
	}
}
