package fakes

import (
	"time"

	"github.com/mockdex/mockdex/internal/fakes/eventlog"
)

// VisitKind is which product created a visit; it decides the AVR report
// type a visit belongs to.
type VisitKind string

const (
	KindVirtual         VisitKind = "virtual"          // POST /api/9/visits
	KindGuest           VisitKind = "guest"            // POST /v1/booking/queued-guest-visit
	KindProviderBooking VisitKind = "provider_booking" // POST /api/7/visits/providerbooking
	KindRetail          VisitKind = "retail"           // the /retail hand-off page
)

// Queued reports whether visits of this kind wait in a virtual queue
// (virtual and guest visits) rather than hold a booked slot.
func (k VisitKind) Queued() bool { return k == KindVirtual || k == KindGuest }

// ReportType is the AVR type a visit of this kind is reported under.
func (k VisitKind) ReportType() string {
	if k == KindGuest {
		return string(KindVirtual)
	}
	return string(k)
}

// Visit is one visit of any kind. Its lifecycle is planned up front as a
// list of transitions; its status at a given time is the last transition
// at or before that time, so the clock alone moves it on.
type Visit struct {
	ID          string
	Kind        VisitKind
	PatientGUID string
	UserID      string
	PracticeID  string
	RegionCode  string // stateLicensure for virtual visits
	Modality    string // virtual, phone or in-person
	Qualifiers  []string
	Brand       string
	HomeMarket  string

	DepartmentID  string
	EHRSystemName string
	NPI           string // in-person provider
	VisitTypeID   string
	SlotStart     time.Time
	SlotMinutes   int
	Timezone      string

	VisitReason    string
	PaymentMethod  string
	Declaration    string
	AcceptTerms    bool
	Urgency        float64
	AssessmentTool string
	Actor          *Person // who acted for the patient, if not the patient

	WaitingRoomSession string
	VideoSession       string

	Created  time.Time
	Timeline []Transition
	// Synthetic marks visits generated as history at start-up.
	Synthetic bool
}

// Transition is a planned or past change of status.
type Transition struct {
	Status     string
	At         time.Time
	ProviderID string // the provider involved, if any
}

// Person is an actor or a named human in a request.
type Person struct {
	ID        string
	FirstName string
	LastName  string
	Email     string
	Relation  string
}

// readAt is the instant the visit is read at for t. A visit is never read
// before its first transition: a clock set back past a visit's creation
// sees it as just created, so its status is never empty and its state is
// not lost (moving the clock forward again shows it moving on as planned).
func (v *Visit) readAt(t time.Time) time.Time {
	if len(v.Timeline) > 0 && t.Before(v.Timeline[0].At) {
		return v.Timeline[0].At
	}
	return t
}

// StatusAt is the visit's status at t, and when it entered it.
func (v *Visit) StatusAt(t time.Time) (string, time.Time) {
	t = v.readAt(t)
	status, since := "", time.Time{}
	for _, tr := range v.Timeline {
		if tr.At.After(t) {
			break
		}
		status, since = tr.Status, tr.At
	}
	return status, since
}

// ProviderAt is the provider assigned at t ("" before assignment).
func (v *Visit) ProviderAt(t time.Time) string {
	t = v.readAt(t)
	id := ""
	for _, tr := range v.Timeline {
		if tr.At.After(t) {
			break
		}
		if tr.ProviderID != "" {
			id = tr.ProviderID
		}
	}
	return id
}

// TimestampsAt maps each status reached by t to when it was reached.
func (v *Visit) TimestampsAt(t time.Time) map[string]time.Time {
	t = v.readAt(t)
	out := map[string]time.Time{}
	for _, tr := range v.Timeline {
		if tr.At.After(t) {
			break
		}
		out[tr.Status] = tr.At
	}
	return out
}

// clone copies a visit so callers cannot reach the store's memory.
func (v *Visit) clone() Visit {
	c := *v
	c.Qualifiers = append([]string(nil), v.Qualifiers...)
	c.Timeline = append([]Transition(nil), v.Timeline...)
	if v.Actor != nil {
		a := *v.Actor
		c.Actor = &a
	}
	return c
}

// Provider history events are eventlog's (internal/fakes/eventlog); the
// world names them.
type (
	ProviderEvent = eventlog.Event
	EventQuery    = eventlog.Query
	EventStore    = eventlog.Store
)
