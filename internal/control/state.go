package control

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/statedoc"
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
// the field at fault, and the namespace is left as it was.
func (c *Control) putState(w http.ResponseWriter, r *http.Request) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	snap, err := statedoc.Parse(body)
	if err == nil {
		_, err = c.spaces.Import(name, restorer(c.spaces.Template(), c.operationIDs(), snap))
	}
	if err != nil {
		refuseState(w, err)
		return
	}
	writeJSON(w, http.StatusOK, stateSummary{Namespace: name, Visits: len(snap.Visits), Patients: len(snap.Patients),
		Events: len(snap.Events), Reports: len(snap.Reports), Slots: len(snap.Slots)})
}

// refuseState answers a refused document: 400 with the reason, whatever
// kind the fakes gave it (a document over the visit cap is a bad
// document here, not a full store).
func refuseState(w http.ResponseWriter, err error) {
	adminError(w, http.StatusBadRequest, "state document refused: "+err.Error())
}

// bodyLimit is the cap on r's body.
func bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPut && r.URL.Path == statePath {
		return MaxStateBody
	}
	return MaxBody
}
