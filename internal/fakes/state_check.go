package fakes

import (
	"fmt"
	"strings"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// stateCheck refuses a state document that does not fit a template's
// worlds, before anything is built from it, so a bad document changes
// nothing. The document's own consistency is statedoc's Check, run
// first; what is left needs the template: its seed, history, fixtures and
// limits.
type stateCheck struct {
	t         *Template
	d         *statedoc.Document
	providers map[string]Provider
	visits    map[string]bool // the document's visits
}

func (t *Template) checkState(d *statedoc.Document) error {
	if err := d.Check(); err != nil {
		return err
	}
	c := &stateCheck{t: t, d: d, providers: t.opts.Fixtures.providerIndex(), visits: map[string]bool{}}
	for _, step := range []func() error{c.history, c.allVisits, c.patients, c.events, c.reports, c.slots, c.sessions} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// history: the document's generated history must be the template's, or
// its references to generated visits would point at other visits.
func (c *stateCheck) history() error {
	g, o := c.d.Generated, c.t.opts
	switch {
	case g.Seed != o.Seed:
		return statedoc.Invalid("generated.seed", "the state was made with seed %d, this mock runs seed %d", g.Seed, o.Seed)
	case g.HistoryDays != max(o.HistoryDays, 0):
		return statedoc.Invalid("generated.historyDays", "the state was made with %d days of history, this mock generates %d", g.HistoryDays, max(o.HistoryDays, 0))
	case g.Fixtures != c.t.fingerprint:
		return statedoc.Invalid("generated.fixtures", "the state was made from other fixtures (%s), this mock runs %s", g.Fixtures, c.t.fingerprint)
	}
	return nil
}

func (c *stateCheck) allVisits() error {
	added := 0
	for i := range c.d.Visits {
		if err := c.visit(i, &c.d.Visits[i]); err != nil {
			return err
		}
		if !c.d.Visits[i].Generated {
			added++
		}
	}
	if limit := limit(c.t.opts.MaxVisits, DefaultMaxVisits); limit > 0 && added+c.t.visits.Len() > limit {
		return statedoc.Invalid("visits", "%d visits and %d generated ones exceed this mock's limit of %d (--max-visits)",
			added, c.t.visits.Len(), limit)
	}
	return nil
}

// visit checks visits[i]; the field is named only on a refusal, since a
// document may list tens of thousands of visits.
func (c *stateCheck) visit(i int, v *statedoc.Visit) error {
	at := func(field string) string { return fmt.Sprintf("visits[%d].%s", i, field) }
	switch {
	case v.Generated && !c.t.visits.has(v.ID):
		return statedoc.Invalid(at("id"), "%q is not a generated visit of this mock's history", v.ID)
	case !v.Generated && c.t.visits.has(v.ID):
		return statedoc.Invalid(at("id"), "%q is a generated visit's id; mark it generated to change that visit", v.ID)
	}
	c.visits[v.ID] = true
	// A queued visit's practice, a booked visit's department must be the
	// fixtures' (reads look them up).
	fx := c.t.opts.Fixtures
	if VisitKind(v.Kind).Queued() {
		p, ok := fx.Practice(v.PracticeID)
		if !ok {
			return statedoc.Invalid(at("practiceId"), "%q is not a practice of this mock's fixtures", v.PracticeID)
		}
		// As the API queues a visit: in a region the practice serves.
		if _, ok := p.RegionByCode(v.RegionCode); !ok {
			return statedoc.Invalid(at("regionCode"), "%q is not a region of practice %s", v.RegionCode, v.PracticeID)
		}
	} else if _, ok := fx.Department(v.DepartmentID); !ok {
		return statedoc.Invalid(at("departmentId"), "%q is not a department of this mock's fixtures", v.DepartmentID)
	}
	for j, q := range v.Qualifiers {
		if !c.qualifier(q) {
			return statedoc.Invalid(at(fmt.Sprintf("qualifiers[%d]", j)), "%q is not a qualifier of this mock's catalog", q)
		}
	}
	for j, tr := range v.Timeline {
		if tr.ProviderID != "" && c.providers[tr.ProviderID].ID == "" {
			return statedoc.Invalid(at(fmt.Sprintf("timeline[%d].providerId", j)), "%q is not a provider of this mock's fixtures", tr.ProviderID)
		}
	}
	return nil
}

// qualifier says whether the fixtures' catalog names q.
func (c *stateCheck) qualifier(q string) bool {
	for _, e := range c.t.opts.Fixtures.Qualifiers {
		if e.Name == q {
			return true
		}
	}
	return false
}

func (c *stateCheck) patients() error {
	for i, p := range c.d.Patients {
		if _, fixture := c.t.patients.byGUID[strings.ToLower(p.PatientGUID)]; fixture {
			return statedoc.Invalid(fmt.Sprintf("patients[%d].patientGuid", i), "%q is a fixture patient, which a state document does not carry", p.PatientGUID)
		}
	}
	return nil
}

func (c *stateCheck) events() error {
	for i, e := range c.d.Events {
		at := func(field string) string { return fmt.Sprintf("events[%d].%s", i, field) }
		switch listed := c.visits[e.VisitID]; {
		case !listed && c.t.visits.has(e.VisitID):
			return statedoc.Invalid(at("visitId"), "%q is a generated visit whose events come with the history; list the visit as generated to change them", e.VisitID)
		case !listed:
			return statedoc.Invalid(at("visitId"), "%q is not a visit of the document", e.VisitID)
		case e.ProviderID != "" && e.Provider == nil && c.providers[e.ProviderID].ID == "":
			return statedoc.Invalid(at("providerId"), "%q is not a provider of this mock's fixtures; give the provider's names", e.ProviderID)
		}
	}
	return nil
}

func (c *stateCheck) reports() error {
	if limit := limit(c.t.opts.MaxReports, DefaultMaxReports); limit > 0 && len(c.d.Reports) > 2*limit {
		return statedoc.Invalid("reports", "%d jobs exceed what this mock keeps (%d finished and %d unfinished, --max-reports)",
			len(c.d.Reports), limit, limit)
	}
	return nil
}

func (c *stateCheck) slots() error {
	for i, sl := range c.d.Slots {
		if _, ok := c.t.opts.Fixtures.Department(sl.DepartmentID); !ok {
			return statedoc.Invalid(fmt.Sprintf("slots[%d].departmentId", i), "%q is not a department of this mock's fixtures", sl.DepartmentID)
		}
	}
	return nil
}

func (c *stateCheck) sessions() error {
	for i, ss := range c.d.Sessions {
		if _, generated := c.t.visits.Get(ss.VisitID); !c.visits[ss.VisitID] && !generated {
			return statedoc.Invalid(fmt.Sprintf("sessions[%d].visitId", i), "%q is not a visit of the document or of the generated history", ss.VisitID)
		}
	}
	return nil
}
