package control

import (
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
)

// The control plane ends queued virtual visits the way staff would
// (POST /_mockdex/visits/{visitId}/cancel and .../decline) and shows any
// visit as staff see it (GET /_mockdex/visits/{visitId}).
func (c *Control) visitRoutes(a *mux.Router) {
	a.HandleFunc("/visits/{visitId}", c.showVisit).Methods(http.MethodGet)
	a.HandleFunc("/visits/{visitId}/cancel", c.endVisitHandler(fakes.StatusCancelled)).Methods(http.MethodPost)
	a.HandleFunc("/visits/{visitId}/decline", c.endVisitHandler(fakes.StatusStaffDeclined)).Methods(http.MethodPost)
}

// endVisitJSON is what ending a visit answers.
type endVisitJSON struct {
	VisitID string `json:"visitId"`
	Status  string `json:"status"`
	At      string `json:"at"`
}

func (c *Control) endVisitHandler(status string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.inWorld(w, r, func(world *fakes.World, now time.Time) {
			v, err := world.EndVisit(mux.Vars(r)["visitId"], status, now)
			if err != nil {
				fakeError(w, err)
				return
			}
			st, _ := v.StatusAt(now)
			writeJSON(w, http.StatusOK, endVisitJSON{VisitID: v.ID, Status: st, At: now.UTC().Format("2006-01-02T15:04:05.000Z")})
		})
	}
}

// inWorld runs fn in the request's namespace with its world read-locked
// (a reset waits for fn) and its clock's time; a bad namespace name is
// answered 400.
func (c *Control) inWorld(w http.ResponseWriter, r *http.Request, fn func(world *fakes.World, now time.Time)) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	ns, world, done, err := c.spaces.Enter(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	defer done()
	fn(world, ns.Clock().Now())
}

// visitJSON is a visit as the control plane shows it: ids, state and
// plan, never the patient's personal details.
type visitJSON struct {
	VisitID     string           `json:"visitId"`
	Kind        string           `json:"kind"`
	Status      string           `json:"status"`
	Created     time.Time        `json:"created"`
	PatientGUID string           `json:"patientGuid,omitempty"`
	PracticeID  string           `json:"practiceId,omitempty"`
	Region      string           `json:"region,omitempty"`
	Department  string           `json:"departmentId,omitempty"`
	Modality    string           `json:"modality,omitempty"`
	Brand       string           `json:"brand,omitempty"`
	ProviderID  string           `json:"providerId,omitempty"`
	SlotStart   *time.Time       `json:"slotStart,omitempty"`
	Generated   bool             `json:"generated"`
	Timeline    []transitionJSON `json:"timeline"`
	// TokBox are the TokBox events recorded on the visit, oldest first.
	TokBox []sessionEventJSON `json:"tokBoxEvents"`
}

type sessionEventJSON struct {
	At           time.Time `json:"at"`
	Session      string    `json:"session"`
	Event        string    `json:"event"`
	ConnectionID string    `json:"connectionId,omitempty"`
	StreamID     string    `json:"streamId,omitempty"`
}

type transitionJSON struct {
	Status     string    `json:"status"`
	At         time.Time `json:"at"`
	ProviderID string    `json:"providerId,omitempty"`
	Planned    bool      `json:"planned"` // after now: it has not happened yet
}

func (c *Control) showVisit(w http.ResponseWriter, r *http.Request) {
	c.inWorld(w, r, func(world *fakes.World, now time.Time) {
		v, ok := world.Visits.Get(mux.Vars(r)["visitId"])
		if !ok {
			adminError(w, http.StatusNotFound, "Visit not found")
			return
		}
		out := newVisitJSON(v, now)
		for _, e := range world.SessionEvents(v.ID) {
			out.TokBox = append(out.TokBox, sessionEventJSON{e.At, e.Session, e.Event, e.ConnectionID, e.StreamID})
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func newVisitJSON(v fakes.Visit, now time.Time) visitJSON {
	status, _ := v.StatusAt(now)
	out := visitJSON{VisitID: v.ID, Kind: string(v.Kind), Status: status, Created: v.Created,
		PatientGUID: v.PatientGUID, PracticeID: v.PracticeID, Region: v.RegionCode, Department: v.DepartmentID,
		Modality: v.Modality, Brand: v.Brand, ProviderID: v.ProviderAt(now), Generated: v.Synthetic,
		Timeline: make([]transitionJSON, 0, len(v.Timeline)), TokBox: []sessionEventJSON{}}
	if !v.SlotStart.IsZero() {
		out.SlotStart = &v.SlotStart
	}
	for _, tr := range v.Timeline {
		out.Timeline = append(out.Timeline, transitionJSON{tr.Status, tr.At, tr.ProviderID, tr.At.After(now)})
	}
	return out
}
