package control

import (
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
)

func (c *Control) namespaceRoutes(a *mux.Router) {
	a.HandleFunc("/namespaces", c.listNamespaces).Methods(http.MethodGet)
	a.HandleFunc("/namespaces/{name}", c.deleteNamespace).Methods(http.MethodDelete)
	a.HandleFunc("/reset", c.reset).Methods(http.MethodPost)
}

// namespaceOf is the namespace a control-plane request names (header or
// _mockdex_ns parameter); a bad name is answered 400 and reported false.
func namespaceOf(w http.ResponseWriter, r *http.Request) (string, bool) {
	name, err := namespaces.Of(r)
	if err != nil {
		_, msg := respond.Error(err)
		adminError(w, http.StatusBadRequest, msg)
		return "", false
	}
	return name, true
}

// namespaceJSON is one namespace in GET /_mockdex/namespaces.
type namespaceJSON struct {
	Name       string    `json:"name"`
	Created    time.Time `json:"created"`
	LastUsed   time.Time `json:"lastUsed"`
	Visits     int       `json:"visits"`
	HoldsState bool      `json:"holdsState"`
	Clock      clockView `json:"clock"`
}

func (c *Control) listNamespaces(w http.ResponseWriter, r *http.Request) {
	infos := c.spaces.List()
	out := make([]namespaceJSON, 0, len(infos))
	for _, in := range infos {
		out = append(out, namespaceJSON{Name: in.Name, Created: in.Created, LastUsed: in.LastUsed, Visits: in.Visits, HoldsState: in.HoldsState,
			Clock: clockView{Now: in.Now, Mode: string(in.Clock.Mode()), Factor: in.Clock.Factor()}})
	}
	expired, unreadable := c.spaces.Gone()
	writeJSON(w, http.StatusOK, map[string]any{"namespaces": out, "max": c.spaces.Max(),
		"idleTTL": c.spaces.IdleTTL().String(), "expired": orEmpty(expired), "unreadable": orEmpty(unreadable)})
}

// orEmpty is list, or an empty one: the JSON says [] rather than null.
func orEmpty(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func (c *Control) deleteNamespace(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if err := namespaces.Check(name); err != nil {
		adminError(w, http.StatusBadRequest, "'"+name+"' is not a namespace name: names match "+namespaces.Pattern)
		return
	}
	switch err := c.spaces.Delete(name); {
	case errors.Is(err, namespaces.ErrDefaultNamespace):
		adminError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, namespaces.ErrNoNamespace):
		adminError(w, http.StatusNotFound, "no namespace called "+name)
	case err != nil: // its saved state could not be removed
		c.log.Error("control: deleting a namespace", "namespace", name, "err", err)
		adminError(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusOK, map[string]string{"deleted": name})
	}
}

// reset gives the request's namespace a fresh world, once the requests in
// its old world have finished; its clock and faults stay.
func (c *Control) reset(w http.ResponseWriter, r *http.Request) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	ns, err := c.spaces.Reset(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reset": true, "namespace": ns.Name(), "clock": viewClock(ns)})
}

func viewClock(ns *namespaces.Namespace) clockView {
	clk := ns.Clock()
	return clockView{Now: clk.Now(), Mode: string(clk.Mode()), Factor: clk.Factor()}
}
