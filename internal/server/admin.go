package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/apierr"
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
		adminError(w, http.StatusNotFound, "Not Found")
	})
	m.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adminError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	})
	return m
}

// adminError answers a control-plane request with status and
// {"error": msg}, the one error shape of every /_mockdex endpoint.
func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// adminFakeError answers an error from the fakes with its kind's status.
func adminFakeError(w http.ResponseWriter, err error) {
	e := apierr.As(err)
	adminError(w, StatusFor(e.Kind), e.Message)
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
		adminError(w, http.StatusBadRequest, `send exactly one of {"set": RFC3339} or {"advance": duration}`)
		return
	}
	if err := s.moveClock(req.Set, req.Advance); err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, s.clockView())
}

// The clock's allowed range: dates outside it do not fit the four-digit
// years the spec's date formats (and DexCare) use.
var (
	minClock = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxClock = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// moveClock sets the clock to an RFC 3339 time (set) or moves it by a Go
// duration (advance), refusing a move that leaves the allowed range. An
// advance is applied with the clock's own Advance, so a running clock loses
// no time between the check and the move.
func (s *Server) moveClock(set, advance string) error {
	field, target, d := "set", time.Time{}, time.Duration(0)
	if set != "" {
		t, err := time.Parse(time.RFC3339Nano, set)
		if err != nil {
			return errors.New("'set' must be an RFC 3339 time")
		}
		target = t
	} else {
		var err error
		if d, err = time.ParseDuration(advance); err != nil {
			return errors.New("'advance' must be a Go duration such as 90s or 2h")
		}
		field, target = "advance", s.clock.Now().Add(d)
	}
	if target.Before(minClock) || !target.Before(maxClock) {
		return fmt.Errorf("'%s' would put the clock at %s; keep it between %d and %d", field, target.Format(time.RFC3339), minClock.Year(), maxClock.Year())
	}
	if field == "set" {
		s.clock.Set(target)
	} else {
		s.clock.Advance(d)
	}
	return nil
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]any{"reset": true, "clock": s.clockView()})
}
