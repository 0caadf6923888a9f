package fakes

import (
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// SlotEvent is an EHR's report that a slot was taken (booked outside
// DexCare) or released (cancelled): POST /v5/slots/slot-taken and
// /slot-released. Field names in refusals are the request body's.
type SlotEvent struct {
	NPI          string
	DepartmentID string
	EHRInstance  string
	VisitTypeID  string
	Start        time.Time
}

// SlotTaken marks the slot held by the EHR. A slot already held (by a
// booking or an earlier event) stays with its holder: the slot is taken
// either way, and a booking racing the event has exactly one winner,
// decided by SlotBook.Take. It reports whether this event took it.
func (w *World) SlotTaken(e SlotEvent) (bool, error) {
	k, err := w.slotEventKey(e)
	if err != nil {
		return false, err
	}
	w.state.RLock()
	defer w.state.RUnlock()
	w.marks.slot(k)
	took := w.Slots.Take(k, HolderEHR)
	if took {
		w.changed()
	}
	return took, nil
}

// SlotReleased frees the slot, whoever holds it: the EHR cancelled the
// appointment. A visit booked into it through mockdex keeps its record;
// the time is bookable again. Releasing a free slot changes nothing.
func (w *World) SlotReleased(e SlotEvent) error {
	k, err := w.slotEventKey(e)
	if err != nil {
		return err
	}
	w.state.RLock()
	defer w.state.RUnlock()
	w.marks.slot(k)
	if _, held := w.Slots.Release(k); held {
		w.changed()
	}
	return nil
}

// slotEventKey checks an event against the schedules and finds its slot.
// A retail site's slots may be named by its care team's NPI or by none.
func (w *World) slotEventKey(e SlotEvent) (SlotKey, error) {
	d, ok := w.Fixtures.Department(e.DepartmentID)
	switch {
	case !ok:
		return SlotKey{}, apierr.InvalidField("departmentId", "departmentId does not name a known department")
	case !strings.EqualFold(d.EHRSystemName, e.EHRInstance):
		return SlotKey{}, apierr.InvalidField("ehrInstance", "ehrInstance does not match the department's EHR instance")
	}
	if !(d.IsRetail() && e.NPI == "") {
		p, ok := w.Fixtures.ProviderByNPI(e.NPI)
		if !ok || !worksIn(p, d.ID) {
			return SlotKey{}, apierr.InvalidField("npi", "npi does not name a provider working in departmentId")
		}
	}
	if _, ok := d.VisitType(e.VisitTypeID); !ok {
		return SlotKey{}, apierr.InvalidField("visitTypeId", "visitTypeId is not offered by the department")
	}
	if !d.OnSchedule(e.Start, d.SlotMinutes) {
		return SlotKey{}, apierr.InvalidField("slotDateTime", "slotDateTime is not a slot on the department's schedule")
	}
	return DepartmentSlotKey(e.NPI, d, e.Start), nil
}
