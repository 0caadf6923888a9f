package server

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
)

// The control plane ends queued virtual visits the way staff would:
// POST /_mockdex/visits/{visitId}/cancel and .../decline.
func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/visits/{visitId}/cancel", s.endVisitHandler(fakes.StatusCancelled)).Methods(http.MethodPost)
		a.HandleFunc("/visits/{visitId}/decline", s.endVisitHandler(fakes.StatusStaffDeclined)).Methods(http.MethodPost)
	})
}

// endVisitStatusJSON is what the control plane answers.
type endVisitStatusJSON struct {
	VisitID string `json:"visitId"`
	Status  string `json:"status"`
	At      string `json:"at"`
}

func (s *Server) endVisitHandler(status string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := s.clock.Now()
		v, err := s.World().EndVisit(mux.Vars(r)["visitId"], status, now)
		if err != nil {
			adminFakeError(w, err)
			return
		}
		st, _ := v.StatusAt(now)
		writeJSON(w, http.StatusOK, endVisitStatusJSON{VisitID: v.ID, Status: st, At: formatDex(now)})
	}
}
