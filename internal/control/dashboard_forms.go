package control

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
)

// The dashboard's forms post under /_mockdex/dashboard/ with the page's
// per-process token and are redirected back (303), so the page works
// without JavaScript and a reload does not repeat the action. A refused
// form answers an HTML page with the reason and the status.

func (c *Control) dashboardFormRoutes(a *mux.Router) {
	for path, h := range map[string]formHandler{
		"/dashboard/clock":                    c.formClock,
		"/dashboard/reset":                    c.formReset,
		"/dashboard/faults":                   c.formAddFault,
		"/dashboard/faults/{id}/remove":       c.formRemoveFault,
		"/dashboard/timeline":                 c.formTimeline,
		"/dashboard/visits/{id}/cancel":       c.formEndVisit(fakes.StatusCancelled, "visitcancelled"),
		"/dashboard/visits/{id}/decline":      c.formEndVisit(fakes.StatusStaffDeclined, "visitdeclined"),
		"/dashboard/reports/{id}/fail":        c.formReport("reportfailed"),
		"/dashboard/reports/{id}/cancel":      c.formReport("reportcancelled"),
		"/dashboard/namespaces/{name}/delete": c.formDeleteNamespace,
	} {
		a.Handle(path, c.form(h)).Methods(http.MethodPost)
	}
}

// formHandler does a form's action in namespace ns and returns the
// notice to show after the redirect, or an error to show instead.
type formHandler func(r *http.Request, ns string) (done string, err error)

// formError is a refusal worded for the person at the dashboard.
type formError struct {
	status int
	msg    string
}

func (e *formError) Error() string { return e.msg }

func refuseForm(status int, msg string) error { return &formError{status, msg} }

// form checks the per-process token, runs h and redirects back to the
// dashboard of the namespace.
func (c *Control) form(h formHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := namespaceOf(w, r)
		if !ok {
			return
		}
		if err := r.ParseForm(); err != nil {
			if tooLarge(err) {
				bodyTooLarge(w, MaxBody)
				return
			}
			renderError(w, http.StatusBadRequest, "The form could not be read.", name)
			return
		}
		if !auth.Equal(r.PostForm.Get("csrf"), c.csrf) {
			renderError(w, http.StatusForbidden, "This form is out of date (mockdex restarted?): reload the dashboard and try again.", name)
			return
		}
		done, err := h(r, name)
		if err != nil {
			var fe *formError
			if !errors.As(err, &fe) {
				status, msg := respond.Error(err)
				fe = &formError{status, msg}
			}
			renderError(w, fe.status, fe.msg, name)
			return
		}
		back := name
		if done == "namespacedeleted" {
			back = namespaces.Default
		}
		to := Prefix + "/?done=" + done
		if historyShownAt(r.Referer()) {
			to += "&" + historyParam + "=1" // the page the form was on listed history: so does the one it returns to
		}
		http.Redirect(w, r, nsURL(to, back), http.StatusSeeOther)
	})
}

// formClock sets the clock (set=RFC3339) or advances it (by= one of the
// quick buttons, else advance=duration).
func (c *Control) formClock(r *http.Request, name string) (string, error) {
	set, advance := strings.TrimSpace(r.PostForm.Get("set")), r.PostForm.Get("by")
	if advance == "" {
		advance = strings.TrimSpace(r.PostForm.Get("advance"))
	}
	if advance != "" {
		set = "" // an advance button wins over a time left in the other field
	}
	if set == "" && advance == "" {
		return "", refuseForm(http.StatusBadRequest, "Give a time to set the clock to, or a duration to advance it by.")
	}
	lease, err := c.spaces.Hold(name)
	if err != nil {
		return "", err
	}
	defer lease.Release()
	if err := moveClock(lease.Namespace().Clock(), set, advance); err != nil {
		return "", refuseForm(http.StatusBadRequest, err.Error())
	}
	return "clock", nil
}

func (c *Control) formReset(r *http.Request, name string) (string, error) {
	_, err := c.spaces.Reset(name)
	return "reset", err
}

// formAddFault turns the form into the JSON POST /_mockdex/faults takes,
// so both are checked by the same rules.
func (c *Control) formAddFault(r *http.Request, name string) (string, error) {
	body, err := faultFormJSON(r)
	if err != nil {
		return "", err
	}
	f, err := faults.Parse(body, c.faultOperations())
	if err != nil {
		return "", refuseForm(http.StatusBadRequest, err.Error())
	}
	lease, err := c.spaces.Hold(name)
	if err != nil {
		return "", err
	}
	defer lease.Release()
	lease.Namespace().Faults().Add(f)
	return "faultadded", nil
}

func (c *Control) formRemoveFault(r *http.Request, name string) (string, error) {
	lease, err := c.spaces.Hold(name)
	if err != nil {
		return "", err
	}
	defer lease.Release()
	id := mux.Vars(r)["id"]
	if lease.Namespace().Faults().Remove(id) == 0 {
		return "", refuseForm(http.StatusNotFound, "There is no fault "+id+" (it may have run out).")
	}
	return "faultremoved", nil
}

func (c *Control) formEndVisit(status, done string) formHandler {
	return func(r *http.Request, name string) (string, error) {
		ns, world, leave, err := c.spaces.Enter(name)
		if err != nil {
			return "", err
		}
		defer leave()
		_, err = world.EndVisit(mux.Vars(r)["id"], status, ns.Clock().Now())
		return done, err
	}
}

func (c *Control) formReport(done string) formHandler {
	return func(r *http.Request, name string) (string, error) {
		ns, world, leave, err := c.spaces.Enter(name)
		if err != nil {
			return "", err
		}
		defer leave()
		now, id := ns.Clock().Now(), mux.Vars(r)["id"]
		if done == "reportfailed" {
			set := world.Fixtures.Settings.Report
			_, err = world.Reports.Fail(id, now, fakes.DefaultRetryAfter, seconds(set.QueuedSeconds), seconds(set.RunningSeconds))
		} else {
			_, err = world.Reports.Cancel(id, now)
		}
		return done, err
	}
}

func (c *Control) formDeleteNamespace(r *http.Request, _ string) (string, error) {
	name := mux.Vars(r)["name"]
	switch err := c.spaces.Delete(name); {
	case errors.Is(err, namespaces.ErrDefaultNamespace):
		return "", refuseForm(http.StatusBadRequest, "The default namespace cannot be removed; reset it instead.")
	case errors.Is(err, namespaces.ErrNoNamespace):
		return "", refuseForm(http.StatusNotFound, "There is no namespace "+name+".")
	case err != nil:
		return "", refuseForm(http.StatusInternalServerError, err.Error())
	}
	return "namespacedeleted", nil
}
