package fakes

import (
	"fmt"
	"strings"
	"time"
)

// snapshotCheck validates a whole state document against a template
// before anything is built from it, so a bad document changes nothing.
type snapshotCheck struct {
	t         *Template
	s         *Snapshot
	providers map[string]Provider
	visits    map[string]VisitKind // the document's visits
	generated map[string]bool      // generated visits the document replaces
}

func (t *Template) checkSnapshot(s *Snapshot) error {
	c := &snapshotCheck{t: t, s: s, providers: t.opts.Fixtures.providerIndex(),
		visits: map[string]VisitKind{}, generated: map[string]bool{}}
	for _, step := range []func() error{c.header, c.history, c.allVisits, c.patients, c.events, c.reports, c.slots} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (c *snapshotCheck) header() error {
	switch {
	case c.s.Format != SnapshotFormat:
		return snapshotError("format", "is %q, want %q", c.s.Format, SnapshotFormat)
	case c.s.Version != SnapshotVersion:
		return snapshotError("version", "is %d; this mockdex reads version %d", c.s.Version, SnapshotVersion)
	}
	return nil
}

// history: the document's generated history must be the template's, or
// its references to generated visits would point at other visits.
func (c *snapshotCheck) history() error {
	g, o := c.s.Generated, c.t.opts
	switch {
	case g.Seed != o.Seed:
		return snapshotError("generated.seed", "the state was made with seed %d, this mock runs seed %d", g.Seed, o.Seed)
	case g.HistoryDays != max(o.HistoryDays, 0):
		return snapshotError("generated.historyDays", "the state was made with %d days of history, this mock generates %d", g.HistoryDays, max(o.HistoryDays, 0))
	case g.Fixtures != c.t.fingerprint:
		return snapshotError("generated.fixtures", "the state was made from other fixtures (%s), this mock runs %s", g.Fixtures, c.t.fingerprint)
	case g.HistoryAt.IsZero():
		return snapshotError("generated.historyAt", "is missing")
	}
	return nil
}

func (c *snapshotCheck) allVisits() error {
	added := 0
	for i := range c.s.Visits {
		if err := c.visit(fmt.Sprintf("visits[%d]", i), &c.s.Visits[i]); err != nil {
			return err
		}
		if !c.s.Visits[i].Generated {
			added++
		}
	}
	if limit := limit(c.t.opts.MaxVisits, DefaultMaxVisits); limit > 0 && added+c.t.visits.Len() > limit {
		return snapshotError("visits", "%d visits and %d generated ones exceed this mock's limit of %d (--max-visits)",
			added, c.t.visits.Len(), limit)
	}
	return nil
}

func (c *snapshotCheck) visit(at string, v *VisitState) error {
	switch _, dup := c.visits[v.ID]; {
	case v.ID == "":
		return snapshotError(at+".id", "is empty")
	case dup:
		return snapshotError(at+".id", "%q is listed twice", v.ID)
	case !knownKind(v.Kind):
		return snapshotError(at+".kind", "is %q, want virtual, guest, provider_booking or retail", v.Kind)
	case v.Generated && !c.t.visits.has(v.ID):
		return snapshotError(at+".id", "%q is not a generated visit of this mock's history", v.ID)
	case !v.Generated && c.t.visits.has(v.ID):
		return snapshotError(at+".id", "%q is a generated visit's id; mark it generated to change that visit", v.ID)
	case v.Created.IsZero():
		return snapshotError(at+".created", "is missing")
	case v.SlotMinutes < 0 || v.SlotMinutes > 24*60:
		return snapshotError(at+".slotMinutes", "is %d, want 0 to 1440", v.SlotMinutes)
	}
	c.visits[v.ID] = VisitKind(v.Kind)
	c.generated[v.ID] = v.Generated
	if err := c.visitPlace(at, v); err != nil {
		return err
	}
	return c.timeline(at+".timeline", v.Timeline)
}

func knownKind(k string) bool {
	switch VisitKind(k) {
	case KindVirtual, KindGuest, KindProviderBooking, KindRetail:
		return true
	}
	return false
}

// visitPlace: a queued visit's practice, a booked visit's department
// must be the fixtures' (reads look them up).
func (c *snapshotCheck) visitPlace(at string, v *VisitState) error {
	fx := c.t.opts.Fixtures
	if VisitKind(v.Kind).Queued() {
		if _, ok := fx.Practice(v.PracticeID); !ok {
			return snapshotError(at+".practiceId", "%q is not a practice of this mock's fixtures", v.PracticeID)
		}
		return nil
	}
	if _, ok := fx.Department(v.DepartmentID); !ok {
		return snapshotError(at+".departmentId", "%q is not a department of this mock's fixtures", v.DepartmentID)
	}
	return nil
}

func (c *snapshotCheck) timeline(at string, tl []TransitionState) error {
	if len(tl) == 0 {
		return snapshotError(at, "is empty; a visit has at least the status it was created with")
	}
	for i, tr := range tl {
		f := fmt.Sprintf("%s[%d]", at, i)
		switch {
		case tr.Status == "":
			return snapshotError(f+".status", "is empty")
		case tr.At.IsZero():
			return snapshotError(f+".at", "is missing")
		case i > 0 && tr.At.Before(tl[i-1].At):
			return snapshotError(f+".at", "is before the previous transition")
		case tr.ProviderID != "" && c.providers[tr.ProviderID].ID == "":
			return snapshotError(f+".providerId", "%q is not a provider of this mock's fixtures", tr.ProviderID)
		}
	}
	return nil
}

func (c *snapshotCheck) patients() error {
	seen := map[string]bool{}
	for i, p := range c.s.Patients {
		at, guid := fmt.Sprintf("patients[%d].patientGuid", i), strings.ToLower(p.PatientGUID)
		_, fixture := c.t.patients.byGUID[guid]
		switch {
		case guid == "":
			return snapshotError(at, "is empty")
		case seen[guid]:
			return snapshotError(at, "%q is listed twice", p.PatientGUID)
		case fixture:
			return snapshotError(at, "%q is a fixture patient, which a state document does not carry", p.PatientGUID)
		}
		seen[guid] = true
	}
	return nil
}

func (c *snapshotCheck) events() error {
	for i, e := range c.s.Events {
		at := fmt.Sprintf("events[%d]", i)
		_, listed := c.visits[e.VisitID]
		switch {
		case e.VisitID == "":
			return snapshotError(at+".visitId", "is empty")
		case !listed && c.t.visits.has(e.VisitID):
			return snapshotError(at+".visitId", "%q is a generated visit whose events come with the history; list the visit as generated to change them", e.VisitID)
		case !listed:
			return snapshotError(at+".visitId", "%q is not a visit of the document", e.VisitID)
		case e.Action == "":
			return snapshotError(at+".action", "is empty")
		case e.Timestamp.IsZero():
			return snapshotError(at+".timestamp", "is missing")
		case e.ProviderID != "" && e.Provider == nil && c.providers[e.ProviderID].ID == "":
			return snapshotError(at+".providerId", "%q is not a provider of this mock's fixtures; give the provider's names", e.ProviderID)
		}
	}
	return nil
}

var reportStatuses = map[string]bool{ReportQueued: true, ReportRunning: true, ReportSucceeded: true, ReportFailed: true, ReportCancelled: true}

func (c *snapshotCheck) reports() error {
	seen := map[string]bool{}
	for i, r := range c.s.Reports {
		at := fmt.Sprintf("reports[%d]", i)
		switch {
		case r.ID == "":
			return snapshotError(at+".id", "is empty")
		case seen[r.ID]:
			return snapshotError(at+".id", "%q is listed twice", r.ID)
		case r.Type != "virtual" && r.Type != "retail" && r.Type != "provider_booking":
			return snapshotError(at+".type", "is %q, want virtual, retail or provider_booking", r.Type)
		case r.Created.IsZero():
			return snapshotError(at+".created", "is missing")
		case r.To.Before(r.From):
			return snapshotError(at+".to", "is before from")
		}
		seen[r.ID] = true
		if err := reportTimeline(at+".timeline", r.Timeline); err != nil {
			return err
		}
	}
	if limit := limit(c.t.opts.MaxReports, DefaultMaxReports); limit > 0 && len(c.s.Reports) > 2*limit {
		return snapshotError("reports", "%d jobs exceed what this mock keeps (%d finished and %d unfinished, --max-reports)",
			len(c.s.Reports), limit, limit)
	}
	return nil
}

func reportTimeline(at string, tl []ReportTransitionState) error {
	if len(tl) == 0 {
		return snapshotError(at, "is empty")
	}
	for i, tr := range tl {
		f := fmt.Sprintf("%s[%d]", at, i)
		switch {
		case !reportStatuses[tr.Status]:
			return snapshotError(f+".status", "is %q, want QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED", tr.Status)
		case tr.At.IsZero():
			return snapshotError(f+".at", "is missing")
		case i > 0 && tr.At.Before(tl[i-1].At):
			return snapshotError(f+".at", "is before the previous transition")
		}
	}
	return nil
}

func (c *snapshotCheck) slots() error {
	seen := map[SlotKey]bool{}
	for i, sl := range c.s.Slots {
		at := fmt.Sprintf("slots[%d]", i)
		kind, listed := c.visits[sl.VisitID]
		k := NewSlotKey(sl.NPI, sl.DepartmentID, sl.Start)
		_, dept := c.t.opts.Fixtures.Department(sl.DepartmentID)
		switch {
		case !dept:
			return snapshotError(at+".departmentId", "%q is not a department of this mock's fixtures", sl.DepartmentID)
		case sl.Start.IsZero() || !sl.Start.Truncate(time.Second).Equal(sl.Start):
			return snapshotError(at+".start", "is missing or not on a whole second")
		case !listed || kind.Queued() || c.generated[sl.VisitID]:
			return snapshotError(at+".visitId", "%q is not a booked visit of the document", sl.VisitID)
		case seen[k]:
			return snapshotError(at, "the slot is listed twice")
		}
		seen[k] = true
	}
	return nil
}
