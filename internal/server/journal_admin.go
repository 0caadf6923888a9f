package server

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/journal"
)

func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/requests", s.listRequests).Methods(http.MethodGet)
		a.HandleFunc("/requests", s.clearRequests).Methods(http.MethodDelete)
	})
}

// Journal is the request journal the control plane reads; nil when it is
// turned off (a nil journal lists nothing).
func (s *Server) Journal() *journal.Journal { return s.journal }

// listRequests answers the journal, newest first, filtered by
// ?operationId=&status=&namespace=&limit=.
func (s *Server) listRequests(w http.ResponseWriter, r *http.Request) {
	f, err := journal.ParseFilter(r.URL.Query())
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": s.journal.List(f)})
}

func (s *Server) clearRequests(w http.ResponseWriter, r *http.Request) {
	s.journal.Clear()
	writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
}
