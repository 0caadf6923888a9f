package control

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/usage"
)

func (c *Control) usageRoutes(a *mux.Router) {
	a.HandleFunc("/usage", c.getUsage).Methods(http.MethodGet)
	a.HandleFunc("/usage", c.deleteUsage).Methods(http.MethodDelete)
}

// usageScope reads the namespace a usage request names, and ?all=true
// (every namespace's, instead of that one's). A bad name or value is
// answered 400 and reported false.
func usageScope(w http.ResponseWriter, r *http.Request) (name string, all, ok bool) {
	if v := r.URL.Query().Get("all"); v != "" {
		var err error
		if all, err = strconv.ParseBool(v); err != nil {
			adminError(w, http.StatusBadRequest, "'all' must be true or false")
			return "", false, false
		}
	}
	name, ok = namespaceOf(w, r)
	return name, all, ok
}

// getUsage answers the namespace's usage profile (docs/usage-profile.md),
// or every namespace's merged with ?all=true. Requests the mock has
// answered are all in it: the journal's flush is waited for.
func (c *Control) getUsage(w http.ResponseWriter, r *http.Request) {
	name, all, ok := usageScope(w, r)
	if !ok {
		return
	}
	if c.usage == nil {
		adminError(w, http.StatusNotFound, "this mock keeps no usage profile (its request journal is off)")
		return
	}
	c.journal.Sync()
	p := c.usage.Profile(name)
	if all {
		p = c.usage.All()
	}
	var buf bytes.Buffer
	if err := usage.Write(&buf, p); err != nil {
		adminError(w, http.StatusInternalServerError, "the profile could not be written")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// deleteUsage forgets the namespace's profile (every namespace's with
// ?all=true): the next request starts a new run. POST /_mockdex/reset
// does not: an app's suite resets between tests, and the profile is of
// the whole suite.
func (c *Control) deleteUsage(w http.ResponseWriter, r *http.Request) {
	name, all, ok := usageScope(w, r)
	if !ok {
		return
	}
	if c.usage != nil {
		c.journal.Sync() // what was answered before the reset belongs to the old run
		if all {
			c.usage.ResetAll()
		} else {
			c.usage.Reset(name)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"cleared": true, "all": all})
}
