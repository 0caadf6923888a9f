package fakes

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/timeline"
)

// applyEvent makes a once-only event happen at its time at, as DexCare
// would have it; w.tline.mu is held. What it finds nothing to do for (no
// waiting visit, a slot a booking holds, no unfinished job) it leaves.
func (w *World) applyEvent(e *timeline.Event, at time.Time) {
	switch e.Kind {
	case timeline.ProviderDeclines:
		w.endVisits(e, at, StatusStaffDeclined, nil)
	case timeline.StaffCancels:
		staff := StaffActor
		w.endVisits(e, at, StatusCancelled, &staff)
	case timeline.EHRTakesSlot:
		w.ehrSlot(e, func(k SlotKey) bool { return w.Slots.Take(k, HolderEHR) })
	case timeline.EHRReleasesSlot:
		w.ehrSlot(e, func(k SlotKey) bool { _, held := w.Slots.Release(k); return held })
	case timeline.ReportFails:
		w.failReports(e, at)
	}
}

// endHold ends an ehr-takes-slot event's hold: the EHR releases the slot,
// if it still holds it.
func (w *World) endHold(e *timeline.Event) {
	w.ehrSlot(e, func(k SlotKey) bool {
		if holder, _ := w.Slots.Holder(k); holder != HolderEHR {
			return false
		}
		w.Slots.ReleaseIf(k, HolderEHR)
		return true
	})
}

// ehrSlot takes or releases the event's slot (checked against the
// schedules when the timeline was set).
func (w *World) ehrSlot(e *timeline.Event, change func(SlotKey) bool) {
	d, ok := w.Fixtures.Department(e.DepartmentID)
	if !ok {
		return
	}
	w.state.RLock()
	defer w.state.RUnlock()
	if change(DepartmentSlotKey(e.NPI, d, e.SlotStart)) {
		w.changed()
	}
}

// endVisits ends the waiting (or started) virtual and guest visits the
// event names, newest first, up to its limit.
func (w *World) endVisits(e *timeline.Event, at time.Time, status string, actor *Person) {
	var ids []string
	w.Visits.Each(time.Time{}, at.Add(time.Nanosecond), func(v *Visit) bool {
		if s, _ := v.StatusAt(at); v.Kind.Queued() && !ended(s) && visitNamed(e, v) {
			ids = append(ids, v.ID)
		}
		return true
	})
	w.Visits.newestFirst(ids)
	if e.Limit > 0 && len(ids) > e.Limit {
		ids = ids[:e.Limit]
	}
	for _, id := range ids {
		_, _ = w.endVisit(id, status, at, actor) // a visit ended meanwhile stays as it is
	}
}

// newestFirst sorts visit ids by when they were stored, newest first:
// visits created at one instant (a manual clock standing still) keep the
// order their creates came in, so "the newest" is the last one made.
func (s *VisitStore) newestFirst(ids []string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(s.byID[b], s.byID[a]) })
}

// visitNamed says whether the visit is one the event's fields name.
func visitNamed(e *timeline.Event, v *Visit) bool {
	p := poolOf(v)
	return (e.VisitID == "" || strings.EqualFold(e.VisitID, v.ID)) && inPool(e, p)
}

// failReports fails the report jobs queued or running at the event's
// time that it names, newest first, up to its limit: each shows FAILED,
// then is queued again after RetryAfter and runs to the end.
func (w *World) failReports(e *timeline.Event, at time.Time) {
	set := w.Fixtures.Settings.Report
	n := 0
	for _, r := range w.Reports.List() {
		st := r.StatusAt(at)
		if r.Created.After(at) || st != ReportQueued && st != ReportRunning ||
			e.ReportID != "" && !strings.EqualFold(e.ReportID, r.ID) || e.ReportType != "" && e.ReportType != r.Type {
			continue
		}
		queued, running := time.Duration(set.QueuedSeconds)*time.Second, time.Duration(set.RunningSeconds)*time.Second
		if _, err := w.Reports.Fail(r.ID, at, e.RetryAfter, queued, running); err == nil {
			n++
		}
		if e.Limit > 0 && n == e.Limit {
			return
		}
	}
}
