package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// adminRouter serves mockdex's own control plane under /_mockdex/ (as
// WireMock's /__admin/ and fake-gcs-server's /_internal/). It is not part
// of DexCare's API and so not in spec/dexcare.yaml; docs/admin-api.md
// describes it.
func (s *Server) adminRouter() *mux.Router {
	m := mux.NewRouter()
	a := m.PathPrefix("/_mockdex").Subrouter()
	a.HandleFunc("/clock", s.getClock).Methods(http.MethodGet)
	a.HandleFunc("/clock", s.setClock).Methods(http.MethodPost)
	a.HandleFunc("/reset", s.reset).Methods(http.MethodPost)
	s.registerDomainAdmin(a)
	m.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found"})
	})
	m.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "Method Not Allowed"})
	})
	return m
}

// registerDomainAdmin adds the per-domain control endpoints (visit and
// report state changes).
func (s *Server) registerDomainAdmin(a *mux.Router) {
	for _, reg := range adminRegistrations {
		reg(s, a)
	}
}

// adminRegistrations is filled by the domain files' init functions.
var adminRegistrations []func(*Server, *mux.Router)

type clockView struct {
	Now    time.Time `json:"now"`
	Mode   string    `json:"mode"`
	Factor float64   `json:"factor"`
}

func (s *Server) clockView() clockView {
	return clockView{Now: s.clock.Now(), Mode: string(s.clock.Mode()), Factor: s.clock.Factor()}
}

func (s *Server) getClock(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.clockView())
}

// setClock takes {"set": RFC3339} or {"advance": "90s"}.
func (s *Server) setClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Set     string `json:"set"`
		Advance string `json:"advance"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || (req.Set == "") == (req.Advance == "") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": `send exactly one of {"set": RFC3339} or {"advance": duration}`})
		return
	}
	if req.Set != "" {
		t, err := time.Parse(time.RFC3339Nano, req.Set)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "'set' must be an RFC 3339 time"})
			return
		}
		s.clock.Set(t)
	} else {
		d, err := time.ParseDuration(req.Advance)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "'advance' must be a Go duration such as 90s or 2h"})
			return
		}
		s.clock.Advance(d)
	}
	writeJSON(w, http.StatusOK, s.clockView())
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]any{"reset": true, "clock": s.clockView()})
}
