package control

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/namespaces"
)

func (c *Control) faultRoutes(a *mux.Router) {
	a.HandleFunc("/faults", c.listFaults).Methods(http.MethodGet)
	a.HandleFunc("/faults", c.addFault).Methods(http.MethodPost)
	a.HandleFunc("/faults", c.removeFaults).Methods(http.MethodDelete)
	a.HandleFunc("/faults/{id}", c.removeFaults).Methods(http.MethodDelete)
}

func (c *Control) listFaults(w http.ResponseWriter, r *http.Request) {
	c.held(w, r, func(ns *namespaces.Namespace) {
		writeJSON(w, http.StatusOK, map[string]any{"faults": ns.Faults().List()})
	})
}

// addFault registers a fault in the request's namespace: 201 with it (and
// its id), or 400 naming the field at fault.
func (c *Control) addFault(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	f, err := faults.Parse(body, c.operationIDs())
	if err != nil {
		badFault(w, err)
		return
	}
	c.held(w, r, func(ns *namespaces.Namespace) { writeJSON(w, http.StatusCreated, ns.Faults().Add(f)) })
}

func badFault(w http.ResponseWriter, err error) {
	var bad *faults.BadFault
	if !errors.As(err, &bad) {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	body := map[string]any{"error": bad.Msg}
	if bad.Operations != nil {
		body["operations"] = bad.Operations
	}
	writeJSON(w, http.StatusBadRequest, body)
}

// removeFaults deletes one fault by id, or all of the namespace's.
func (c *Control) removeFaults(w http.ResponseWriter, r *http.Request) {
	id, one := mux.Vars(r)["id"]
	c.held(w, r, func(ns *namespaces.Namespace) {
		n := ns.Faults().Remove(id)
		if one && n == 0 {
			adminError(w, http.StatusNotFound, "no fault with id "+id)
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"removed": n})
	})
}

// operationIDs are the spec's operations, the ones a fault may name.
func (c *Control) operationIDs() []string { return operationIDs(c.ops) }
