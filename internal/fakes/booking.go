package fakes

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// Lifecycle of an in-person booking.
const (
	StatusScheduled = "scheduled" // booked, before the slot starts
	ActionBooked    = "booked"
)

// modalityInPerson is the modality of every booked (not queued) visit.
const modalityInPerson = "in-person"

// ProviderBookingRequest is a checked provider booking body, the slot
// already decoded.
type ProviderBookingRequest struct {
	PatientGUID   string
	UserID        string // the token's subject
	NPI           string
	DepartmentID  string
	EHRSystemName string
	Slot          slotid.Handle
	VisitReason   string
	PaymentMethod string
	Declaration   string
	// Booker is who made the booking (the token's user, named as the
	// actor for declaration other, else as the patient).
	Booker Person
	// Actor is the guardian booking for the patient (declaration other).
	Actor *Person
}

// BookProviderSlot books a provider's slot as a provider_booking visit,
// planning its lifecycle and provider events. Refusals are *apierr.Error:
// Invalid naming the field, or Conflict when the slot is taken.
func (w *World) BookProviderSlot(req ProviderBookingRequest, now time.Time) (Visit, error) {
	d, p, vt, start, err := w.resolveProviderSlot(req, now)
	if err != nil {
		return Visit{}, err
	}
	v := w.newBooking(KindProviderBooking, d, vt, start, now)
	v.PatientGUID, v.UserID, v.NPI = req.PatientGUID, req.UserID, p.NPI
	v.VisitReason, v.PaymentMethod, v.Declaration = req.VisitReason, req.PaymentMethod, req.Declaration
	v.Actor = req.Actor
	v.HomeMarket = w.homeMarket(req.PatientGUID)
	v.Timeline = bookingTimeline(now, start, d.SlotMinutes, p.ID)
	slot := DepartmentSlotKey(p.NPI, d, start)
	if err := w.addVisit(v, visitChange{slot: &slot, events: w.bookingEvents(v, req.Booker)}); err != nil {
		return Visit{}, err
	}
	return v, nil
}

// resolveProviderSlot applies the rules a provider booking's slot must
// meet, in the order a client can fix them.
func (w *World) resolveProviderSlot(req ProviderBookingRequest, now time.Time) (Department, Provider, VisitType, time.Time, error) {
	var none VisitType
	d, ok := w.Fixtures.Department(req.Slot.DepartmentID)
	switch {
	case !ok:
		return d, Provider{}, none, time.Time{}, errSlotUnknownDepartment
	case d.ID != req.DepartmentID:
		return d, Provider{}, none, time.Time{}, errSlotDepartmentMismatch
	case !strings.EqualFold(d.EHRSystemName, req.EHRSystemName):
		return d, Provider{}, none, time.Time{}, errEHRMismatch
	}
	p, ok := w.Fixtures.ProviderByNPI(req.NPI)
	if !ok {
		return d, p, none, time.Time{}, errBookingUnknownProvider
	}
	if !worksIn(p, d.ID) {
		return d, p, none, time.Time{}, errProviderNotInDepartment
	}
	vt, start, err := checkSlot(d, req.Slot, now)
	return d, p, vt, start, err
}

// checkSlot finds the handle's visit type and start, and refuses slots
// off the schedule or already begun.
func checkSlot(d Department, h slotid.Handle, now time.Time) (VisitType, time.Time, error) {
	vt, ok := d.VisitType(h.VisitTypeID)
	if !ok {
		return vt, time.Time{}, errSlotVisitType
	}
	start, ok := h.Start()
	if !ok || h.Timezone != d.Timezone || !d.OnSchedule(start, h.Duration) {
		return vt, start, errSlotOffSchedule
	}
	if !start.After(now) {
		return vt, start, errSlotPast
	}
	return vt, start, nil
}

func worksIn(p Provider, departmentID string) bool {
	for _, id := range p.Departments {
		if id == departmentID {
			return true
		}
	}
	return false
}

// newBooking fills what every in-person booking shares.
func (w *World) newBooking(kind VisitKind, d Department, vt VisitType, start, now time.Time) Visit {
	return Visit{
		ID: uuid.NewString(), Kind: kind, Modality: modalityInPerson, Brand: d.Brand,
		DepartmentID: d.ID, EHRSystemName: d.EHRSystemName, VisitTypeID: vt.ID,
		SlotStart: start, SlotMinutes: d.SlotMinutes, Timezone: d.Timezone,
		Created: now,
	}
}

// bookingTimeline plans scheduled → invisit at the slot's start → done at
// its end. providerID may be "" (a retail slot has no named provider).
func bookingTimeline(now, start time.Time, minutes int, providerID string) []Transition {
	return []Transition{
		{Status: StatusScheduled, At: now, ProviderID: providerID},
		{Status: StatusInVisit, At: start, ProviderID: providerID},
		{Status: StatusDone, At: start.Add(time.Duration(minutes) * time.Minute), ProviderID: providerID},
	}
}

// bookingEvents are the provider history of a provider booking: booked
// now (by the booker), started and completed by the provider at the
// slot's start and end.
func (w *World) bookingEvents(v Visit, booker Person) []ProviderEvent {
	providerID := v.Timeline[0].ProviderID
	out := []ProviderEvent{w.providerEvent(v.ID, ActionBooked, v.Created, providerID, &booker)}
	for _, tr := range v.Timeline[1:] {
		action := ActionStarted
		if tr.Status == StatusDone {
			action = ActionCompleted
		}
		out = append(out, w.providerEvent(v.ID, action, tr.At, providerID, nil))
	}
	return out
}

func (w *World) homeMarket(patientGUID string) string {
	if p, ok := w.Patients.ByGUID(patientGUID); ok {
		return p.HomeMarket
	}
	return ""
}

// ActorID gives a guardian named in a booking (who has no DexCare id of
// their own) a stable id, the same for the same person booking for the
// same patient, so provider histories can tell actors apart.
func ActorID(patientGUID string, a Person) string {
	who := strings.ToLower(strings.Join([]string{a.Email, a.FirstName, a.LastName}, "|"))
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockdex:actor/"+strings.ToLower(patientGUID)+"/"+who)).String()
}
