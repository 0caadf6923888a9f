package control

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/store"
	"github.com/mockdex/mockdex/internal/timeline"
)

// MaxStateBody caps a PUT /_mockdex/state body: a whole namespace's
// state, about 1.3 KB per visit, so a namespace at the default visit cap
// fits. Every other control-plane body is capped at MaxBody.
const MaxStateBody = 128 << 20

const statePath = Prefix + "/state"

func (c *Control) stateRoutes(a *mux.Router) {
	a.HandleFunc("/state", c.getState).Methods(http.MethodGet)
	a.HandleFunc("/state", c.putState).Methods(http.MethodPut)
}

// getState exports the request's namespace as a state document
// (docs/state-format.md). Writes in the namespace wait while its stores
// are copied.
func (c *Control) getState(w http.ResponseWriter, r *http.Request) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	ns, world, done, err := c.spaces.Enter(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	snap, err := exportNamespace(ns, world)
	done()
	if err != nil {
		fakeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := statedoc.Encode(w, snap); err != nil {
		c.log.Warn("control: writing a state export", "namespace", name, "err", err)
	}
}

// stateSummary answers a PUT /_mockdex/state: what the namespace now holds.
type stateSummary struct {
	Namespace string `json:"namespace"`
	Visits    int    `json:"visits"`
	Patients  int    `json:"patients"`
	Events    int    `json:"events"`
	Reports   int    `json:"reports"`
	Slots     int    `json:"slots"`
}

// putState replaces the request's namespace with a state document's:
// world, clock and faults, as a reset does (requests in the old world
// finish first). A document that fails any check is answered 400 with
// the field at fault, and the namespace is left as it was. The document
// is decoded as it arrives, never held whole as text; one import runs at
// a time, and the memory bound admits it (507) before and while it is
// read.
func (c *Control) putState(w http.ResponseWriter, r *http.Request) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	select {
	case c.importing <- struct{}{}:
		defer func() { <-c.importing }()
	case <-r.Context().Done():
		return
	}
	release, err := c.memory.Reserve(importCost(r.ContentLength))
	if err != nil {
		fakeError(w, err)
		return
	}
	defer release()
	snap, err := store.ReadState(r.Body, statedoc.DecodeOptions{Check: func() error { return c.memory.Check(membound.Import) }})
	switch {
	case tooLarge(err):
		bodyTooLarge(w, MaxStateBody)
		return
	case err == nil:
		_, err = c.spaces.Import(name, restorer(c.spaces.Template(), c.faultOperations(), snap))
	}
	if err != nil {
		refuseState(w, err)
		return
	}
	writeJSON(w, http.StatusOK, stateSummary{Namespace: name, Visits: len(snap.Visits), Patients: len(snap.Patients),
		Events: len(snap.Events), Reports: len(snap.Reports), Slots: len(snap.Slots)})
}

// importCost is what an import of a body of n bytes is expected to hold
// at its peak: the decoded document, about its size, and the world built
// from it, about half that; with garbage between collections, twice n.
// An unknown length reserves nothing ahead: the checks while it is read
// stop it.
func importCost(n int64) int64 { return 2 * max(n, 0) }

// refuseState answers a refused document: 400 with the reason, whatever
// kind the fakes gave it (a document over the visit cap is a bad
// document here, not a full store); a namespace the registry refused or
// a memory bound with no room are answered as such.
func refuseState(w http.ResponseWriter, err error) {
	var e *apierr.Error
	if errors.As(err, &e) && (e.Kind == apierr.Full || e.Kind == apierr.Gone || e.Kind == apierr.Forbidden) {
		fakeError(w, err)
		return
	}
	adminError(w, http.StatusBadRequest, "state document refused: "+err.Error())
}

// bodyLimit is the cap on r's body.
func bodyLimit(r *http.Request) int64 {
	switch {
	case r.Method == http.MethodPut && r.URL.Path == statePath:
		return MaxStateBody
	case r.Method == http.MethodPut && r.URL.Path == timelinePath:
		return timeline.MaxBytes
	}
	return MaxBody
}
