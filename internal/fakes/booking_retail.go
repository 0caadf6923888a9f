package fakes

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// RetailBookingRequest is a booking made on the /retail hand-off page:
// a retail department's own slot, for a patient who gives their details
// on the page (no account).
type RetailBookingRequest struct {
	Department  Department
	Start       time.Time
	Brand       string
	Patient     Patient // names, date of birth, contact; the GUID is assigned here
	VisitReason string
}

// BookRetailSlot books a retail department slot as a retail visit. The
// patient is stored as a guest so reports can name them. A retail slot
// has no named provider, so no provider events are planned.
func (w *World) BookRetailSlot(req RetailBookingRequest, now time.Time) (Visit, error) {
	d := req.Department
	if len(d.VisitTypes) == 0 || !d.OnSchedule(req.Start, d.SlotMinutes) {
		return Visit{}, errSlotOffSchedule
	}
	if !req.Start.After(now) {
		return Visit{}, errSlotPast
	}
	v := w.newBooking(KindRetail, d, d.VisitTypes[0], req.Start, now)
	if req.Brand != "" {
		v.Brand = req.Brand
	}
	patient := req.Patient
	patient.PatientGUID, patient.Guest = uuid.NewString(), true
	v.PatientGUID, v.HomeMarket = patient.PatientGUID, patient.HomeMarket
	v.VisitReason, v.PaymentMethod, v.Declaration = req.VisitReason, "self", "self"
	v.Timeline = bookingTimeline(now, req.Start, d.SlotMinutes, "")
	slot := NewSlotKey("", d.ID, req.Start)
	if err := w.addVisit(v, visitChange{slot: &slot, patient: &patient}); err != nil {
		return Visit{}, err
	}
	return v, nil
}

// RetailDepartments lists the brand's retail departments, in fixture order.
func (f *Fixtures) RetailDepartments(brand string) []Department {
	var out []Department
	for _, d := range f.Departments {
		if d.IsRetail() && strings.EqualFold(d.Brand, brand) {
			out = append(out, d)
		}
	}
	return out
}

// RetailSlotFree reports whether a retail department's own slot at start
// is on its schedule, still ahead at now, and not taken.
func (w *World) RetailSlotFree(d Department, start, now time.Time) bool {
	return d.OnSchedule(start, d.SlotMinutes) && start.After(now) && !w.Slots.Taken(NewSlotKey("", d.ID, start))
}
