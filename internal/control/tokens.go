package control

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/namespaces"
)

func (c *Control) tokenRoutes(a *mux.Router) {
	a.HandleFunc("/tokens", c.mintToken).Methods(http.MethodPost)
}

// tokenRequest is the body of POST /_mockdex/tokens.
type tokenRequest struct {
	Patient string `json:"patient"`
	TTL     string `json:"ttl"`
}

// mintToken signs a patient bearer token on the namespace's clock: issued
// at its now, expiring ttl later by the same clock, which is what the
// API judges it by. Without a ttl the token lives auth.DefaultTokenLife of
// wall time at the clock's speed (see clock.Span).
func (c *Control) mintToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if !decodeJSON(w, r, &req, false, `{"patient": GUID, "ttl": duration (optional)}`) {
		return
	}
	if _, err := uuid.Parse(req.Patient); err != nil || req.Patient == "" {
		adminError(w, http.StatusBadRequest, "'patient' must be the patient's GUID, such as 233441f4-129f-4d0e-afaa-b3009dbe80c7")
		return
	}
	c.held(w, r, func(ns *namespaces.Namespace) {
		now := ns.Clock().Now()
		ttl, msg := tokenTTL(req.TTL, ns.Clock().Span(auth.DefaultTokenLife), now)
		if msg != "" {
			adminError(w, http.StatusBadRequest, msg)
			return
		}
		tok, err := auth.Mint(c.jwtSecret, req.Patient, now, ttl)
		if err != nil {
			adminError(w, http.StatusInternalServerError, "the token could not be signed")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"token": tok, "expiresAt": now.Add(ttl).Truncate(time.Second),
			"patient": req.Patient, "namespace": ns.Name()})
	})
}

// tokenTTL reads the requested lifetime (def when none), which must be
// positive and end before the clock's upper bound.
func tokenTTL(s string, def time.Duration, now time.Time) (time.Duration, string) {
	if s == "" {
		return def, ""
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, "'ttl' must be a positive Go duration such as 30m or 24h"
	}
	if !now.Add(d).Before(maxClock) {
		return 0, "'ttl' would end after the year 8999"
	}
	return d, ""
}
