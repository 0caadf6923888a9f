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

// addFault registers a fault in the request's namespace (or the one the
// fault names): 201 with it (and its id), or 400 naming the field at
// fault.
func (c *Control) addFault(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	f, err := faults.Parse(body, c.faultOperations())
	if err == nil {
		name, err = faultNamespace(&f, name, r.Header.Get(namespaces.Header) != "" || r.URL.Query().Has(namespaces.Param))
	}
	if err != nil {
		badFault(w, err)
		return
	}
	lease, err := c.spaces.Hold(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	defer lease.Release()
	writeJSON(w, http.StatusCreated, lease.Namespace().Faults().Add(f))
}

// faultNamespace is the namespace a fault goes into: the request's, or
// the one the fault names when the request names none. A fault naming
// another namespace than its request is refused.
func faultNamespace(f *faults.Fault, requested string, named bool) (string, error) {
	if f.Namespace == "" {
		return requested, nil
	}
	if err := namespaces.Check(f.Namespace); err != nil {
		return "", &faults.BadFault{Msg: "'namespace' must be a namespace name: " + namespaces.Pattern}
	}
	if named && f.Namespace != requested {
		return "", &faults.BadFault{Msg: "'namespace' " + f.Namespace + " is not the namespace the request names (" + requested + "): send one or the other"}
	}
	return f.Namespace, nil
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
	if bad.Paths != nil {
		body["paths"] = bad.Paths
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

// faultOperations are the spec's operations, the ones a fault may name.
func (c *Control) faultOperations() []faults.Operation { return FaultOperations(c.ops) }
