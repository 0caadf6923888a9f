package fakes

import (
	"strings"
	"time"
)

// OwnVirtualVisit returns a virtual or guest visit the subject owns (the
// patient, or the user who queued it). Any other visit, including another
// patient's, is "not found", so visit ids do not leak between patients.
func (w *World) OwnVirtualVisit(id, subject string) (Visit, error) {
	v, ok := w.Visits.Get(id)
	if !ok || !v.Kind.Queued() {
		return Visit{}, errVisitNotFound
	}
	if !strings.EqualFold(v.PatientGUID, subject) && !strings.EqualFold(v.UserID, subject) {
		return Visit{}, errVisitNotFound
	}
	return v, nil
}

// AcceptTerms records the owner's acceptance; an ended visit refuses it.
func (w *World) AcceptTerms(id, subject string, now time.Time) error {
	if _, err := w.OwnVirtualVisit(id, subject); err != nil {
		return err
	}
	w.state.RLock()
	defer w.state.RUnlock()
	w.marks.visit(id)
	_, err := w.Visits.Update(id, func(v *Visit) error {
		if s, _ := v.StatusAt(now); ended(s) {
			return errVisitEnded
		}
		v.AcceptTerms = true
		return nil
	})
	return err
}

// EndVisit stops a virtual or guest visit at now with status
// staffdeclined or cancelled, acted by staff: its planned future
// transitions and provider events are dropped and the ending recorded.
func (w *World) EndVisit(id, status string, now time.Time) (Visit, error) {
	staff := StaffActor
	return w.endVisit(id, status, now, &staff)
}

// endVisit is EndVisit acted by actor (nil: the visit's provider, who
// declines it themselves).
func (w *World) endVisit(id, status string, now time.Time, actor *Person) (Visit, error) {
	w.state.RLock()
	defer w.state.RUnlock()
	w.marks.visit(id)
	var provider string
	v, err := w.Visits.Update(id, func(v *Visit) error {
		if !v.Kind.Queued() {
			return errVisitNotFound
		}
		if now.Before(v.Created) {
			// Ending it here would put the ending before the visit began.
			return errVisitNotYetCreated
		}
		if s, _ := v.StatusAt(now); ended(s) {
			return errVisitEnded
		}
		provider = plannedProvider(v)
		v.Timeline = append(pastTransitions(v.Timeline, now), Transition{Status: status, At: now, ProviderID: v.ProviderAt(now)})
		return nil
	})
	if err != nil {
		return Visit{}, err
	}
	w.Events.RemoveVisit(id, func(e ProviderEvent) bool { return !e.Timestamp.After(now) })
	action := ActionCancelled
	if status == StatusStaffDeclined {
		action = ActionDeclined
	}
	w.Events.Add(w.providerEvent(id, action, now, provider, actor))
	return v, nil
}

// plannedProvider is the provider the visit is (or was to be) assigned.
func plannedProvider(v *Visit) string {
	for _, tr := range v.Timeline {
		if tr.ProviderID != "" {
			return tr.ProviderID
		}
	}
	return ""
}

func pastTransitions(tl []Transition, now time.Time) []Transition {
	out := make([]Transition, 0, len(tl)+1)
	for _, tr := range tl {
		if !tr.At.After(now) {
			out = append(out, tr)
		}
	}
	return out
}

// VisitWait is a queued visit's remaining wait and place in its pool.
type VisitWait struct {
	Remaining time.Duration // until the planned start; 0 once started
	Position  int           // 1 = next; 0 when no longer waiting
}

// WaitFor estimates the visit's wait at now: time left until its planned
// start, and its place among the pool's waiting visits, ordered by planned
// start (the order providers take them in).
func (w *World) WaitFor(v Visit, now time.Time) VisitWait {
	if !isQueued(&v, now) {
		return VisitWait{}
	}
	start := startOf(v)
	out := VisitWait{Remaining: start.Sub(now), Position: 1}
	pool, keys := poolOf(&v).Key(), w.Visits.poolKeys()
	t, vStart, vCreated := instantOf(now), instantOf(start), instantOf(v.Created)
	w.Visits.eachRec(w.queueFrom(now), now.Add(time.Nanosecond), func(o *visitRec) bool {
		if o.waitingAt(t) && o.id() != v.ID && keys.key(o.pool()) == pool && startsBefore(o, vStart, vCreated, v.ID) {
			out.Position++
		}
		return true
	})
	if out.Remaining < 0 {
		out.Remaining = 0
	}
	return out
}

// startsBefore orders queued visits by planned start, then creation.
func startsBefore(o *visitRec, vStart, vCreated instant, vID string) bool {
	if oStart := o.start(); oStart != vStart {
		return oStart.before(vStart)
	}
	if c := o.created(); c != vCreated {
		return c.before(vCreated)
	}
	return o.id() < vID
}

// startOf is when the visit is planned to start (zero if never).
func startOf(v Visit) time.Time {
	for _, tr := range v.Timeline {
		if tr.Status == StatusInVisit {
			return tr.At
		}
	}
	return time.Time{}
}
