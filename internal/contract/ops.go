package contract

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/spec"
)

// opIndex finds a request's operation in the project spec, and what the
// spec documents of its answers.
type opIndex struct {
	router routers.Router
	all    []string
}

// projectOps builds the index once per process: it only reads the
// embedded spec, and every run (and every test) would otherwise compile it.
var projectOps = sync.OnceValues(newOpIndex)

func newOpIndex() (*opIndex, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: "/"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	var all []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			all = append(all, op.OperationID)
		}
	}
	sort.Strings(all)
	return &opIndex{router: r, all: all}, nil
}

func (o *opIndex) operation(method, raw string) *openapi3.Operation {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: u.Path, RawQuery: u.RawQuery}}
	route, _, err := o.router.FindRoute(req)
	if err != nil {
		return nil
	}
	return route.Operation
}

func (o *opIndex) find(method, raw string) string {
	if op := o.operation(method, raw); op != nil {
		return op.OperationID
	}
	return ""
}

// answerDoc is what the spec documents for one operation's answer.
type answerDoc struct {
	known    bool // the operation is in the spec
	declared bool // the status is declared (exactly, as NXX, or default)
	// media are the content types documented for the status, or, for an
	// undeclared one, for any of the operation's answers.
	media []string
}

func (d answerDoc) documents(prefix string) bool {
	return slices.ContainsFunc(d.media, func(m string) bool { return strings.HasPrefix(m, prefix) })
}

// answer says what the spec documents for status on a request's operation.
func (o *opIndex) answer(method, raw string, status int) answerDoc {
	op := o.operation(method, raw)
	if op == nil || op.Responses == nil {
		return answerDoc{}
	}
	d := answerDoc{known: true}
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref != nil && ref.Value != nil {
		d.declared = true
		for mt := range ref.Value.Content {
			d.media = append(d.media, mt)
		}
		return d
	}
	for _, r := range op.Responses.Map() {
		if r.Value != nil {
			for mt := range r.Value.Content {
				if !slices.Contains(d.media, mt) {
					d.media = append(d.media, mt)
				}
			}
		}
	}
	return d
}

func (o *opIndex) unexercised(seen map[string]bool) []string {
	var out []string
	for _, op := range o.all {
		if !seen[op] {
			out = append(out, op)
		}
	}
	return out
}
