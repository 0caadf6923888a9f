package gate

import (
	"net/http"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one operation of the spec, as fault rules name them and
// the dashboard lists them. Host is its x-dexcare-host: which of
// DexCare's hosts serves it (api, ecvapi, reporting, web).
type Operation struct {
	ID, Method, Path, Host string
}

// Operations lists the spec's operations sorted by path, then method.
func (g *Gate) Operations() []Operation { return append([]Operation(nil), g.ops...) }

// specOperations lists the spec's operations sorted by path, then
// method. The spec never changes while a mock runs, so this is computed
// once in New.
func specOperations(doc *openapi3.T) []Operation {
	var ops []Operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			host, _ := op.Extensions["x-dexcare-host"].(string)
			ops = append(ops, Operation{ID: op.OperationID, Method: method, Path: path, Host: host})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return methodRank(ops[i].Method) < methodRank(ops[j].Method)
	})
	return ops
}

func methodRank(m string) int {
	for i, x := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == x {
			return i
		}
	}
	return 99
}
