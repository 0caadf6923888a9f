package server

import (
	"net/http"
	"slices"

	"github.com/gorilla/mux"
)

// The dashboard's forms post here and are redirected back (303), so the
// page works without JavaScript and a reload does not repeat the action.

func (s *Server) dashboardAdvance(w http.ResponseWriter, r *http.Request) {
	by := r.PostFormValue("by")
	if !slices.Contains(dashboardAdvances, by) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "'by' must be one of the dashboard's steps", "steps": dashboardAdvances})
		return
	}
	if err := s.moveClock("", by); err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	backToDashboard(w, r, "advanced")
}

func (s *Server) dashboardReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	backToDashboard(w, r, "reset")
}

func (s *Server) dashboardRemoveFault(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if s.faults.remove(id) == 0 {
		adminError(w, http.StatusNotFound, "no fault with id "+id)
		return
	}
	backToDashboard(w, r, "faultremoved")
}

func backToDashboard(w http.ResponseWriter, r *http.Request, done string) {
	http.Redirect(w, r, "/_mockdex/?done="+done, http.StatusSeeOther)
}
