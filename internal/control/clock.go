package control

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/namespaces"
)

func (c *Control) clockRoutes(a *mux.Router) {
	a.HandleFunc("/clock", c.getClock).Methods(http.MethodGet)
	a.HandleFunc("/clock", c.setClock).Methods(http.MethodPost)
}

// held runs fn with the request's namespace held (so it is not evicted
// meanwhile); a bad namespace name is answered 400.
func (c *Control) held(w http.ResponseWriter, r *http.Request, fn func(ns *namespaces.Namespace)) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	lease, err := c.spaces.Hold(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	defer lease.Release()
	fn(lease.Namespace())
}

func (c *Control) getClock(w http.ResponseWriter, r *http.Request) {
	c.held(w, r, func(ns *namespaces.Namespace) { writeJSON(w, http.StatusOK, viewClock(ns)) })
}

// setClock takes {"set": RFC3339} or {"advance": "90s"}.
func (c *Control) setClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Set     string `json:"set"`
		Advance string `json:"advance"`
	}
	const want = `exactly one of {"set": RFC3339} or {"advance": duration}`
	if !decodeJSON(w, r, &req, false, want) {
		return
	}
	if (req.Set == "") == (req.Advance == "") {
		adminError(w, http.StatusBadRequest, "send "+want)
		return
	}
	c.held(w, r, func(ns *namespaces.Namespace) {
		if err := moveClock(ns.Clock(), req.Set, req.Advance); err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, viewClock(ns))
	})
}

// The clock's allowed range: dates outside it do not fit the four-digit
// years the spec's date formats (and DexCare) use.
var (
	minClock = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxClock = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// moveClock sets clk to an RFC 3339 time (set) or moves it by a Go
// duration (advance), refusing a move that leaves the allowed range. An
// advance is applied with the clock's own Advance, so a running clock
// loses no time between the check and the move.
func moveClock(clk *clock.Controlled, set, advance string) error {
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
		field, target = "advance", clk.Now().Add(d)
	}
	if target.Before(minClock) || !target.Before(maxClock) {
		return fmt.Errorf("'%s' would put the clock at %s; keep it between %d and %d", field, target.Format(time.RFC3339), minClock.Year(), maxClock.Year())
	}
	if field == "set" {
		clk.Set(target)
	} else {
		clk.Advance(d)
	}
	return nil
}
