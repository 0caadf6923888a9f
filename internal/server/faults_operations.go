package server

import (
	"net/http"
	"sort"
)

// specOperation is one operation of the spec, as the fault checks and the
// dashboard list them.
type specOperation struct {
	ID, Method, Path string
}

// specOperations lists the spec's operations sorted by path, then
// method. The spec never changes while the server runs, so this is
// computed once in New.
func (s *Server) specOperations() []specOperation {
	var ops []specOperation
	for path, item := range s.doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, specOperation{ID: op.OperationID, Method: method, Path: path})
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
