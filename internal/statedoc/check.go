package statedoc

import (
	"fmt"
	"strings"
	"time"
)

// The values the document's fields may take (docs/state-format.md).
var (
	visitKinds     = map[string]bool{"virtual": true, "guest": true, "provider_booking": true, "retail": true}
	queuedKinds    = map[string]bool{"virtual": true, "guest": true}
	reportTypes    = map[string]bool{"virtual": true, "retail": true, "provider_booking": true}
	reportStatuses = map[string]bool{"QUEUED": true, "RUNNING": true, "SUCCEEDED": true, "FAILED": true, "CANCELLED": true}
)

// The TokBox sessions a visit has, and how many of their events it keeps.
const (
	sessionWaitingRoom = "waitingRoom"
	sessionVideo       = "videoConference"
	// MaxSessionEvents is the most session events one visit keeps.
	MaxSessionEvents = 200
)

// Check refuses a document that no world could take: a field missing or
// out of range, an id listed twice, a timeline out of order, a slot or
// an event naming a visit the document does not list as it should. It
// says nothing of whether the document fits a given world (its fixtures,
// its history, its limits): internal/fakes checks that on import, after
// this. The first problem found is the error.
func (d *Document) Check() error {
	c := &checker{d: d, visits: map[string]*Visit{}}
	for _, step := range []func() error{d.header, c.generated, c.allVisits, c.patients, c.events, c.reports, c.slots, c.sessions} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (d *Document) header() error {
	switch {
	case d.Format != Format:
		return Invalid("format", "is %q, want %q", d.Format, Format)
	case d.Version != Version:
		return Invalid("version", "is %d; this mockdex reads version %d", d.Version, Version)
	}
	return nil
}

type checker struct {
	d      *Document
	visits map[string]*Visit // the document's, by id
}

// field names the field of list[i] (".id", ".timeline[2].at", "" for the
// element itself). Checks call it only to refuse: a document may list
// tens of thousands of visits and events, and naming each would cost an
// allocation apiece.
func field(list string, i int) func(string) string {
	return func(f string) string { return fmt.Sprintf("%s[%d]%s", list, i, f) }
}

func (c *checker) generated() error {
	if c.d.Generated.HistoryAt.IsZero() {
		return Invalid("generated.historyAt", "is missing")
	}
	return nil
}

func (c *checker) allVisits() error {
	for i := range c.d.Visits {
		if err := c.visit(field("visits", i), &c.d.Visits[i]); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) visit(at func(string) string, v *Visit) error {
	switch _, dup := c.visits[v.ID]; {
	case v.ID == "":
		return Invalid(at(".id"), "is empty")
	case dup:
		return Invalid(at(".id"), "%q is listed twice", v.ID)
	case !visitKinds[v.Kind]:
		return Invalid(at(".kind"), "is %q, want virtual, guest, provider_booking or retail", v.Kind)
	case v.Created.IsZero():
		return Invalid(at(".created"), "is missing")
	case v.SlotMinutes < 0 || v.SlotMinutes > 24*60:
		return Invalid(at(".slotMinutes"), "is %d, want 0 to 1440", v.SlotMinutes)
	}
	c.visits[v.ID] = v
	if err := visitFields(at, v); err != nil {
		return err
	}
	return timeline(at, v.Timeline)
}

// visitFields holds a visit's fields to what the API would store: ids of
// the API's shapes, values of its enums, text of its lengths.
func visitFields(at func(string) string, v *Visit) error {
	f := &fieldCheck{at: at}
	f.id(".id", v.ID, false)
	f.id(".patientGuid", v.PatientGUID, true)
	f.id(".userId", v.UserID, true)
	f.id(".practiceId", v.PracticeID, true)
	f.pattern(".regionCode", v.RegionCode, regionRE(), "a two-letter region code")
	if v.Modality != "" {
		f.oneOf(".modality", v.Modality, modalities)
	}
	if len(v.Qualifiers) > maxQualifier {
		f.fail(".qualifiers", "holds %d qualifiers; the API takes at most %d", len(v.Qualifiers), maxQualifier)
	}
	for i, q := range v.Qualifiers {
		f.pattern(fmt.Sprintf(".qualifiers[%d]", i), q, qualifierRE(), "a qualifier's name")
	}
	f.token(".departmentId", v.DepartmentID)
	f.token(".visitTypeId", v.VisitTypeID)
	f.pattern(".npi", v.NPI, npiRE(), "a 10-digit NPI")
	f.text(".ehrSystemName", v.EHRSystemName, maxText)
	f.zone(".timezone", v.Timezone)
	f.text(".brand", v.Brand, maxName)
	f.text(".homeMarket", v.HomeMarket, maxName)
	f.text(".visitReason", v.VisitReason, maxReason)
	f.oneOf(".paymentMethod", v.PaymentMethod, payments)
	f.oneOf(".declaration", v.Declaration, declarations)
	f.finite(".urgency", v.Urgency)
	f.text(".assessmentTool", v.AssessmentTool, maxText)
	if a := v.Actor; a != nil {
		person(f, ".actor", a)
	}
	if tb := v.TokBox; tb != nil {
		f.pattern(".tokBox.waitingRoomSession", tb.WaitingRoomSession, sessionRE(), "a TokBox session id")
		f.pattern(".tokBox.videoConferenceSession", tb.VideoSession, sessionRE(), "a TokBox session id")
	}
	for i, tr := range v.Timeline {
		step := fmt.Sprintf(".timeline[%d]", i)
		f.oneOf(step+".status", tr.Status, visitStatuses)
		f.id(step+".providerId", tr.ProviderID, true)
	}
	return f.err
}

// person checks an actor or a booker.
func person(f *fieldCheck, at string, p *Person) {
	f.id(at+".id", p.ID, true)
	f.text(at+".firstName", p.FirstName, maxName)
	f.text(at+".lastName", p.LastName, maxName)
	f.text(at+".email", p.Email, maxEmail)
	f.text(at+".relation", p.Relation, maxName)
}

func timeline(at func(string) string, tl []Transition) error {
	if len(tl) == 0 {
		return Invalid(at(".timeline"), "is empty; a visit has at least the status it was created with")
	}
	for i, tr := range tl {
		step := func(f string) string { return at(fmt.Sprintf(".timeline[%d]%s", i, f)) }
		switch {
		case tr.Status == "":
			return Invalid(step(".status"), "is empty")
		case tr.At.IsZero():
			return Invalid(step(".at"), "is missing")
		case i > 0 && tr.At.Before(tl[i-1].At):
			return Invalid(step(".at"), "is before the previous transition")
		}
	}
	return nil
}

func (c *checker) patients() error {
	seen := map[string]bool{}
	for i, p := range c.d.Patients {
		at, guid := field("patients", i), strings.ToLower(p.PatientGUID)
		switch {
		case guid == "":
			return Invalid(at(".patientGuid"), "is empty")
		case seen[guid]:
			return Invalid(at(".patientGuid"), "%q is listed twice", p.PatientGUID)
		}
		seen[guid] = true
		if err := patientFields(at, &p); err != nil {
			return err
		}
	}
	return nil
}

func patientFields(at func(string) string, p *Patient) error {
	f := &fieldCheck{at: at}
	f.id(".patientGuid", p.PatientGUID, false)
	f.text(".firstName", p.FirstName, maxName)
	f.text(".lastName", p.LastName, maxName)
	f.text(".gender", p.Gender, maxPhone)
	f.pattern(".dateOfBirth", p.DateOfBirth, birthRE(), "a date, YYYY-MM-DD")
	f.text(".email", p.Email, maxEmail)
	f.text(".phone", p.Phone, maxPhone)
	f.text(".homeMarket", p.HomeMarket, maxName)
	f.text(".ehrIdentifier", p.EHRIdentifier, maxText)
	f.text(".ehrIdentifierType", p.EHRIdentifierType, maxText)
	f.text(".homeEhr", p.HomeEHR, maxText)
	if len(p.Address) > maxAddress {
		f.fail(".address", "holds %d keys; an address has at most %d", len(p.Address), maxAddress)
	}
	for k, v := range p.Address {
		f.text(".address", k, maxName)
		f.text(".address."+k, v, maxText)
	}
	return f.err
}

// events: which visit an event names is the world's check (an event of
// a generated visit is refused with advice the document cannot give).
func (c *checker) events() error {
	for i, e := range c.d.Events {
		at := field("events", i)
		switch {
		case e.VisitID == "":
			return Invalid(at(".visitId"), "is empty")
		case e.Action == "":
			return Invalid(at(".action"), "is empty")
		case e.Timestamp.IsZero():
			return Invalid(at(".timestamp"), "is missing")
		}
		f := &fieldCheck{at: at}
		f.id(".id", e.ID, true)
		f.id(".visitId", e.VisitID, false)
		f.id(".providerId", e.ProviderID, true)
		f.oneOf(".action", e.Action, eventActions)
		if p := e.Provider; p != nil {
			f.text(".provider.email", p.Email, maxEmail)
			f.text(".provider.name", p.Name, maxName)
			f.text(".provider.firstName", p.FirstName, maxName)
			f.text(".provider.lastName", p.LastName, maxName)
			f.text(".provider.credentials", p.Credentials, maxName)
		}
		if a := e.Actor; a != nil {
			person(f, ".actor", a)
		}
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

func (c *checker) reports() error {
	seen := map[string]bool{}
	for i, r := range c.d.Reports {
		at := field("reports", i)
		switch {
		case r.ID == "":
			return Invalid(at(".id"), "is empty")
		case !tokenRE().MatchString(r.ID):
			return Invalid(at(".id"), "is %s, want an id: letters, digits, '.', '_' or '-'", quoteShort(r.ID))
		case seen[r.ID]:
			return Invalid(at(".id"), "%q is listed twice", r.ID)
		case !reportTypes[r.Type]:
			return Invalid(at(".type"), "is %q, want virtual, retail or provider_booking", r.Type)
		case r.Created.IsZero():
			return Invalid(at(".created"), "is missing")
		case r.To.Before(r.From):
			return Invalid(at(".to"), "is before from")
		}
		seen[r.ID] = true
		if err := reportTimeline(at, r.Timeline); err != nil {
			return err
		}
	}
	return nil
}

func reportTimeline(at func(string) string, tl []ReportTransition) error {
	if len(tl) == 0 {
		return Invalid(at(".timeline"), "is empty")
	}
	for i, tr := range tl {
		step := func(f string) string { return at(fmt.Sprintf(".timeline[%d]%s", i, f)) }
		switch {
		case !reportStatuses[tr.Status]:
			return Invalid(step(".status"), "is %q, want QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED", tr.Status)
		case tr.At.IsZero():
			return Invalid(step(".at"), "is missing")
		case i > 0 && tr.At.Before(tl[i-1].At):
			return Invalid(step(".at"), "is before the previous transition")
		}
	}
	return nil
}

// slotKey is a slot's identity: who, where, when.
type slotKey struct {
	npi, department string
	start           int64
}

func (c *checker) slots() error {
	seen := map[slotKey]bool{}
	for i, sl := range c.d.Slots {
		at := field("slots", i)
		v, listed := c.visits[sl.VisitID]
		k := slotKey{sl.NPI, sl.DepartmentID, sl.Start.Unix()}
		f := &fieldCheck{at: at}
		f.pattern(".npi", sl.NPI, npiRE(), "a 10-digit NPI")
		f.token(".departmentId", sl.DepartmentID)
		f.id(".visitId", sl.VisitID, true)
		if f.err != nil {
			return f.err
		}
		switch {
		case sl.Start.IsZero() || !sl.Start.Truncate(time.Second).Equal(sl.Start):
			return Invalid(at(".start"), "is missing or not on a whole second")
		case sl.EHR && sl.VisitID != "":
			return Invalid(at(".visitId"), "must be empty for a slot the EHR holds (ehr: true)")
		case !sl.EHR && (!listed || queuedKinds[v.Kind] || v.Generated):
			return Invalid(at(".visitId"), "%q is not a booked visit of the document", sl.VisitID)
		case seen[k]:
			return Invalid(at(""), "the slot is listed twice")
		}
		seen[k] = true
	}
	return nil
}

// sessions: whether a session's visit is one of the generated history's
// is the world's check.
func (c *checker) sessions() error {
	seen := map[string]bool{}
	for i, ss := range c.d.Sessions {
		at := field("sessions", i)
		switch {
		case seen[ss.VisitID]:
			return Invalid(at(".visitId"), "%q is listed twice", ss.VisitID)
		case len(ss.Events) > MaxSessionEvents:
			return Invalid(at(".events"), "holds %d events; a visit keeps at most %d", len(ss.Events), MaxSessionEvents)
		}
		seen[ss.VisitID] = true
		if !tokenRE().MatchString(ss.VisitID) {
			return Invalid(at(".visitId"), "is %s, want an id: letters, digits, '.', '_' or '-'", quoteShort(ss.VisitID))
		}
		for j, e := range ss.Events {
			if e.Session != sessionWaitingRoom && e.Session != sessionVideo {
				return Invalid(at(fmt.Sprintf(".events[%d].session", j)), "is %q, want %q or %q", e.Session, sessionWaitingRoom, sessionVideo)
			}
			if err := sessionFields(at, j, &e); err != nil {
				return err
			}
		}
	}
	if c.d.UnmatchedSessionEvents < 0 {
		return Invalid("unmatchedSessionEvents", "is negative")
	}
	return nil
}

func sessionFields(at func(string) string, j int, e *SessionEvent) error {
	f := &fieldCheck{at: func(s string) string { return at(fmt.Sprintf(".events[%d]%s", j, s)) }}
	for _, t := range []struct{ field, v string }{{".event", e.Event}, {".projectId", e.ProjectID},
		{".connectionId", e.ConnectionID}, {".streamId", e.StreamID}, {".streamName", e.StreamName}, {".videoType", e.VideoType}} {
		f.text(t.field, t.v, maxText)
	}
	return f.err
}
