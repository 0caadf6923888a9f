package server

import (
	"net/http"

	"github.com/gorilla/mux"
)

func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/requests", s.listRequests).Methods(http.MethodGet)
		a.HandleFunc("/requests", s.clearRequests).Methods(http.MethodDelete)
	})
}

// listRequests answers the journal, newest first, filtered by
// ?operationId=&status=&limit=.
func (s *Server) listRequests(w http.ResponseWriter, r *http.Request) {
	f, msg := parseJournalFilter(r.URL.Query())
	if msg != "" {
		adminError(w, http.StatusBadRequest, msg)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": s.journal.list(f)})
}

func (s *Server) clearRequests(w http.ResponseWriter, r *http.Request) {
	s.journal.clear()
	writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
}
