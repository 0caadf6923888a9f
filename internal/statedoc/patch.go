package statedoc

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
)

// Patch is what changed in a world between two moments, in the
// document's own terms: each changed visit whole, with everything that
// comes with it, and the other changes by key. Laid over the document of
// the world as it stood at the first moment (Replay), it gives the
// document of the world at the second. Every entry is the entity as it
// was when the patch was taken, not the change made to it, so laying a
// patch again, or over a later document, never moves anything backwards
// but to where the patch saw it: a log of patches after a snapshot can be
// replayed from the snapshot whatever the order the two were taken in.
type Patch struct {
	// Visits are the visits a request created or changed.
	Visits []VisitChange `json:"visits,omitempty"`
	// Slots are slots the EHR took or released (POST /v5/slots/...).
	Slots []SlotChange `json:"slots,omitempty"`
	// Reports are report jobs started or changed; Gone, the ids of jobs
	// the report limit evicted.
	Reports     []Report `json:"reports,omitempty"`
	ReportsGone []string `json:"reportsGone,omitempty"`
	// Sessions are the TokBox events of visits that recorded one, whole.
	Sessions []Session `json:"sessions,omitempty"`
	// Unmatched, when set, is the count of TokBox events no visit has.
	Unmatched *int `json:"unmatchedSessionEvents,omitempty"`
	// Control, when set, replaces the document's control state.
	Control json.RawMessage `json:"control,omitempty"`
	// Timeline, when set, replaces the document's timeline section: a
	// timeline set or cleared, or its progress (events fired, holds
	// ended, calls counted).
	Timeline *TimelineChange `json:"timeline,omitempty"`
}

// TimelineChange is the timeline section as it stands; a nil Timeline
// is none (cleared).
type TimelineChange struct {
	Timeline *Timeline `json:"timeline"`
}

// VisitChange is a visit as it stands, with its provider events, the
// slots it holds and the patient it created (a guest), if any.
type VisitChange struct {
	Visit   Visit    `json:"visit"`
	Events  []Event  `json:"events"`
	Slots   []Slot   `json:"slots"`
	Patient *Patient `json:"patient,omitempty"`
}

// SlotChange is a slot as it stands: held (Slot.VisitID or Slot.EHR), or
// Free.
type SlotChange struct {
	Slot Slot `json:"slot"`
	Free bool `json:"free,omitempty"`
}

// Empty says the patch changes nothing.
func (p *Patch) Empty() bool {
	return len(p.Visits) == 0 && len(p.Slots) == 0 && len(p.Reports) == 0 && len(p.ReportsGone) == 0 &&
		len(p.Sessions) == 0 && p.Unmatched == nil && p.Control == nil && p.Timeline == nil
}

// Replayer lays patches over a document: the document is taken apart
// into maps once, each patch costs its own size, and Document puts it
// back together.
type Replayer struct {
	head     Document // everything but the lists
	visits   map[string]*Visit
	events   map[string][]Event // by visit id
	slots    map[slotKey]Slot
	held     map[string][]slotKey // visit id → keys of the slots it held when last set (some may have moved on)
	patients map[string]Patient   // by lower-cased GUID
	reports  map[string]*Report
	order    []string // report ids in the order they started
	sessions map[string]Session
}

// Replay starts a replay over base, which it takes apart (base is not
// used again by the caller).
func Replay(base *Document) *Replayer {
	r := &Replayer{head: *base, visits: make(map[string]*Visit, len(base.Visits)),
		events: map[string][]Event{}, slots: make(map[slotKey]Slot, len(base.Slots)), held: map[string][]slotKey{},
		patients: make(map[string]Patient, len(base.Patients)), reports: map[string]*Report{},
		sessions: make(map[string]Session, len(base.Sessions))}
	r.head.Visits, r.head.Events, r.head.Slots, r.head.Patients, r.head.Reports, r.head.Sessions = nil, nil, nil, nil, nil, nil
	for i := range base.Visits {
		r.visits[base.Visits[i].ID] = &base.Visits[i]
	}
	for _, e := range base.Events {
		r.events[e.VisitID] = append(r.events[e.VisitID], e)
	}
	for _, sl := range base.Slots {
		r.putSlot(sl)
	}
	for _, p := range base.Patients {
		r.patients[strings.ToLower(p.PatientGUID)] = p
	}
	for i := range base.Reports {
		r.putReport(base.Reports[i])
	}
	for _, s := range base.Sessions {
		r.sessions[s.VisitID] = s
	}
	return r
}

func keyOf(sl Slot) slotKey { return slotKey{sl.NPI, sl.DepartmentID, sl.Start.Unix()} }

func (r *Replayer) putSlot(sl Slot) {
	k := keyOf(sl)
	r.slots[k] = sl
	if sl.VisitID != "" {
		r.held[sl.VisitID] = append(r.held[sl.VisitID], k)
	}
}

func (r *Replayer) putReport(rep Report) {
	if _, ok := r.reports[rep.ID]; !ok {
		r.order = append(r.order, rep.ID)
	}
	r.reports[rep.ID] = &rep
}

// Apply lays p over the document.
func (r *Replayer) Apply(p *Patch) {
	for i := range p.Visits {
		c := &p.Visits[i]
		id := c.Visit.ID
		r.visits[id] = &c.Visit
		r.events[id] = c.Events
		for _, k := range r.held[id] {
			if r.slots[k].VisitID == id {
				delete(r.slots, k)
			}
		}
		delete(r.held, id)
		for _, sl := range c.Slots {
			r.putSlot(sl)
		}
		if c.Patient != nil {
			r.patients[strings.ToLower(c.Patient.PatientGUID)] = *c.Patient
		}
	}
	for _, c := range p.Slots {
		if c.Free {
			delete(r.slots, keyOf(c.Slot))
		} else {
			r.putSlot(c.Slot)
		}
	}
	for _, rep := range p.Reports {
		r.putReport(rep)
	}
	for _, id := range p.ReportsGone {
		delete(r.reports, id)
	}
	for _, s := range p.Sessions {
		r.sessions[s.VisitID] = s
	}
	if p.Unmatched != nil {
		r.head.UnmatchedSessionEvents = *p.Unmatched
	}
	if p.Timeline != nil {
		r.head.Timeline = p.Timeline.Timeline
	}
	if p.Control != nil {
		r.head.Control = p.Control
	}
}

// Document puts the document back together, its lists in the order an
// export gives them.
func (r *Replayer) Document() *Document {
	d := r.head
	d.Visits = make([]Visit, 0, len(r.visits))
	for _, v := range r.visits {
		d.Visits = append(d.Visits, *v)
	}
	slices.SortFunc(d.Visits, func(a, b Visit) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	d.Events = []Event{}
	for _, v := range d.Visits {
		d.Events = append(d.Events, r.events[v.ID]...)
	}
	slices.SortStableFunc(d.Events, func(a, b Event) int { return a.Timestamp.Compare(b.Timestamp) })
	d.Patients = make([]Patient, 0, len(r.patients))
	for _, p := range r.patients {
		d.Patients = append(d.Patients, p)
	}
	slices.SortFunc(d.Patients, func(a, b Patient) int { return strings.Compare(a.PatientGUID, b.PatientGUID) })
	d.Reports = []Report{}
	for _, id := range r.order {
		if rep, ok := r.reports[id]; ok {
			d.Reports = append(d.Reports, *rep)
		}
	}
	d.Slots = make([]Slot, 0, len(r.slots))
	for _, sl := range r.slots {
		d.Slots = append(d.Slots, sl)
	}
	slices.SortFunc(d.Slots, func(a, b Slot) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.DepartmentID, b.DepartmentID), strings.Compare(a.NPI, b.NPI))
	})
	d.Sessions = make([]Session, 0, len(r.sessions))
	for _, s := range r.sessions {
		if len(s.Events) > 0 {
			d.Sessions = append(d.Sessions, s)
		}
	}
	slices.SortFunc(d.Sessions, func(a, b Session) int { return strings.Compare(a.VisitID, b.VisitID) })
	return &d
}
