package usage

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/spec"
)

// Parameter locations, as the spec names them.
const (
	InQuery  = "query"
	InPath   = "path"
	InHeader = "header"
)

// Index is what the fold needs of a spec: each operation's parameters,
// request body schema and response schemas, and a router to read path
// parameters out of a journaled path. It is read-only once built.
type Index struct {
	router routers.Router
	ops    map[string]*opInfo
}

// opInfo is one operation of the spec.
type opInfo struct {
	id, method, path string
	// params maps a location to its parameters by name; header names
	// are canonical (http.CanonicalHeaderKey), as the journal keeps them.
	params  map[string]map[string]param
	request *openapi3.Schema // JSON (or form) body; nil: none
	// responses by status; fallback is "default" (or nil).
	responses map[int]*openapi3.Schema
	fallback  *openapi3.Schema
	// security names the schemes of the operation's first requirement.
	security []string
	// headers are params[InHeader]'s keys, sorted once: a request's
	// memo key reads them in this order.
	headers []string
}

// param is a declared parameter: its name as the spec spells it, and
// its schema.
type param struct {
	name   string
	schema *openapi3.Schema
}

// DefaultIndex is the index of the embedded spec, built once.
var DefaultIndex = sync.OnceValues(func() (*Index, error) {
	doc, err := spec.Shared()
	if err != nil {
		return nil, err
	}
	return NewIndex(doc)
})

// NewIndex indexes doc, which it only reads.
func NewIndex(doc *openapi3.T) (*Index, error) {
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("usage: route the spec: %w", err)
	}
	idx := &Index{router: r, ops: map[string]*opInfo{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			idx.ops[op.OperationID] = newOpInfo(path, method, item, op)
		}
	}
	return idx, nil
}

func newOpInfo(path, method string, item *openapi3.PathItem, op *openapi3.Operation) *opInfo {
	o := &opInfo{id: op.OperationID, method: method, path: path,
		params: map[string]map[string]param{InQuery: {}, InPath: {}, InHeader: {}}, responses: map[int]*openapi3.Schema{}}
	for _, refs := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range refs {
			p := ref.Value
			if p == nil || o.params[p.In] == nil {
				continue
			}
			key := p.Name
			if p.In == InHeader {
				key = http.CanonicalHeaderKey(p.Name)
			}
			o.params[p.In][key] = param{name: p.Name, schema: schemaOf(p.Schema)}
		}
	}
	for name := range o.params[InHeader] {
		o.headers = append(o.headers, name)
	}
	sort.Strings(o.headers)
	if op.Security != nil && len(*op.Security) > 0 {
		for name := range (*op.Security)[0] {
			o.security = append(o.security, name)
		}
		sort.Strings(o.security)
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		o.request = bodySchema(op.RequestBody.Value.Content)
	}
	if op.Responses != nil {
		for code, ref := range op.Responses.Map() {
			if ref.Value == nil {
				continue
			}
			s := bodySchema(ref.Value.Content)
			var n int
			if code == "default" {
				o.fallback = s
			} else if _, err := fmt.Sscan(code, &n); err == nil {
				o.responses[n] = s
			}
		}
	}
	return o
}

// bodySchema is the schema of a JSON body, or of a form (the journal
// keeps a form as a JSON object).
func bodySchema(c openapi3.Content) *openapi3.Schema {
	for _, mt := range []string{"application/json", "application/x-www-form-urlencoded"} {
		if m := c.Get(mt); m != nil {
			return schemaOf(m.Schema)
		}
	}
	return nil
}

func schemaOf(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

// response is the schema of op's answer with that status.
func (o *opInfo) response(status int) *openapi3.Schema {
	if s, ok := o.responses[status]; ok {
		return s
	}
	return o.fallback
}

// pathParams reads the path parameters of a journaled request that was
// routed to op; nil when the path does not route there.
func (idx *Index) pathParams(op *opInfo, method, path string) map[string]string {
	req := &http.Request{Method: method, URL: &url.URL{Path: path}}
	route, params, err := idx.router.FindRoute(req)
	if err != nil || route.Operation == nil || route.Operation.OperationID != op.id {
		return nil
	}
	return params
}

// Operations lists the spec's operationIds, sorted.
func (idx *Index) Operations() []string {
	out := make([]string, 0, len(idx.ops))
	for id := range idx.ops {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Route finds the operation a request is, and its path template; ok is
// false for a request the spec does not describe.
func (idx *Index) Route(method, path string) (operationID, template string, ok bool) {
	req := &http.Request{Method: strings.ToUpper(method), URL: &url.URL{Path: path}}
	route, _, err := idx.router.FindRoute(req)
	if err != nil || route.Operation == nil {
		return "", "", false
	}
	return route.Operation.OperationID, route.Path, true
}

// Template is an operation's path template ("" for an unknown one).
func (idx *Index) Template(operationID string) string {
	if op := idx.ops[operationID]; op != nil {
		return op.path
	}
	return ""
}

// Security names the security schemes an operation requires (its first
// requirement's, sorted); none for an open operation or an unknown one.
func (idx *Index) Security(operationID string) []string {
	if op := idx.ops[operationID]; op != nil {
		return op.security
	}
	return nil
}

// Method is an operation's method ("" for an unknown one).
func (idx *Index) Method(operationID string) string {
	if op := idx.ops[operationID]; op != nil {
		return op.method
	}
	return ""
}
