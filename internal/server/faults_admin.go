package server

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"
)

func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/faults", s.listFaults).Methods(http.MethodGet)
		a.HandleFunc("/faults", s.addFault).Methods(http.MethodPost)
		a.HandleFunc("/faults", s.removeFaults).Methods(http.MethodDelete)
		a.HandleFunc("/faults/{id}", s.removeFaults).Methods(http.MethodDelete)
	})
}

func (s *Server) listFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"faults": s.faults.list()})
}

// addFault registers a fault: 201 with it (and its id), or 400 naming the
// field at fault.
func (s *Server) addFault(w http.ResponseWriter, r *http.Request) {
	f, err := parseFault(r.Body, s.ops)
	var bad *badFault
	if errors.As(err, &bad) {
		body := map[string]any{"error": bad.msg}
		if bad.operations != nil {
			body["operations"] = bad.operations
		}
		writeJSON(w, http.StatusBadRequest, body)
		return
	}
	writeJSON(w, http.StatusCreated, s.faults.add(f))
}

// removeFaults deletes one fault by id, or all of them.
func (s *Server) removeFaults(w http.ResponseWriter, r *http.Request) {
	id, one := mux.Vars(r)["id"]
	n := s.faults.remove(id)
	if one && n == 0 {
		adminError(w, http.StatusNotFound, "no fault with id "+id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"removed": n})
}
