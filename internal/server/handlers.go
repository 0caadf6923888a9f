package server

import (
	"net/http"
	"sort"
)

// operationHandlers is the registry: one handler per spec operationId,
// gathered from the files that serve each family.
func (s *Server) operationHandlers() map[string]opHandler {
	all := map[string]opHandler{}
	for _, group := range []map[string]opHandler{
		s.reportingHandlers(),
		s.virtualCareHandlers(),
		s.bookingHandlers(),
		s.pageHandlers(),
	} {
		for id, h := range group {
			all[id] = h
		}
	}
	return all
}

// unhandledOperations lists spec operations with no handler.
func (s *Server) unhandledOperations() []string {
	var missing []string
	for _, item := range s.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if _, ok := s.handlers[op.OperationID]; !ok {
				missing = append(missing, op.OperationID)
			}
		}
	}
	sort.Strings(missing)
	return missing
}

// notBuilt answers 501 for an operation whose behaviour is not written
// yet, rather than inventing a success.
func notBuilt(opID string) opHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusNotImplemented, map[string]string{
			"error":       "not implemented in mockdex yet",
			"operationId": opID,
		})
		return nil
	}
}
