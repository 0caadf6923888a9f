package fakes

import "time"

// visitRec is how a visit is stored: repeated values as symbols, free
// text packed in one string, times as plain numbers. It is a few hundred
// bytes where a Visit with its string headers, time.Times and a separate
// timeline was kilobytes. Records are immutable once stored: a change
// builds a new record (and a new timeline slice), so records and their
// timelines can be shared between a template and its worlds.
type visitRec struct {
	text        string // packed free text, txtID first
	timeline    []step
	urgency     float64
	createdSec  int64
	slotSec     int64
	createdNsec int32
	slotNsec    int32
	slotMinutes int32
	flags       visitFlags
	syms        [numSymFields]sym
}

// step is a stored Transition.
type step struct {
	sec      int64
	nsec     int32
	status   sym
	provider sym
}

// Free-text fields of a visit, in packing order.
const (
	txtID      = iota
	txtPatient // the patient GUID when it is not a symbol (a guest's)
	txtUser    // the user id when it is not the patient GUID
	txtReason
	txtAssessment
	txtActorID
	txtActorFirst
	txtActorLast
	txtActorEmail
	txtActorRelation
	txtWaitingRoom // the TokBox sessions when not the ones the id derives
	txtVideo
	numTexts
)

// Symbol fields of a visit.
const (
	fKind    = iota
	fPatient // a patient GUID the shared base knows (fixture patients)
	fPractice
	fRegion
	fModality
	fQualifiers // a list symbol
	fBrand
	fHomeMarket
	fDepartment
	fEHR
	fNPI
	fVisitType
	fTimezone
	fPayment
	fDeclaration
	numSymFields
)

type visitFlags uint16

const (
	flagAcceptTerms visitFlags = 1 << iota
	flagSynthetic
	flagActor         // the visit has an Actor
	flagUserIsPatient // UserID == PatientGUID, stored once
	flagSessions      // the TokBox sessions are tokBoxSession(id, ...)
	flagChanged       // a generated visit that a request has changed
)

// id is the visit's id, sharing the record's memory.
func (r *visitRec) id() string { return firstText(r.text) }

func (r *visitRec) created() instant { return instant{r.createdSec, r.createdNsec} }

// instant is a time as stored: Unix seconds and nanoseconds, in UTC.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (i instant) time() time.Time { return time.Unix(i.sec, int64(i.nsec)).UTC() }

func (i instant) before(j instant) bool {
	return i.sec < j.sec || (i.sec == j.sec && i.nsec < j.nsec)
}

func (s step) at() instant { return instant{s.sec, s.nsec} }

// encodeVisit builds the record of v, interning its values in t.
func (t *symtab) encodeVisit(v *Visit) visitRec {
	var texts [numTexts]string
	texts[txtID] = v.ID
	r := visitRec{urgency: v.Urgency, slotMinutes: int32(v.SlotMinutes)}
	r.createdSec, r.createdNsec = v.Created.Unix(), int32(v.Created.Nanosecond())
	r.slotSec, r.slotNsec = v.SlotStart.Unix(), int32(v.SlotStart.Nanosecond())
	if id, ok := t.base.ids[v.PatientGUID]; ok && v.PatientGUID != "" {
		r.syms[fPatient] = id
	} else {
		texts[txtPatient] = v.PatientGUID
	}
	if v.UserID == v.PatientGUID {
		r.flags |= flagUserIsPatient
	} else {
		texts[txtUser] = v.UserID
	}
	texts[txtReason], texts[txtAssessment] = v.VisitReason, v.AssessmentTool
	if a := v.Actor; a != nil {
		r.flags |= flagActor
		texts[txtActorID], texts[txtActorFirst], texts[txtActorLast] = a.ID, a.FirstName, a.LastName
		texts[txtActorEmail], texts[txtActorRelation] = a.Email, a.Relation
	}
	if v.WaitingRoomSession == tokBoxSession(v.ID, "2") && v.VideoSession == tokBoxSession(v.ID, "1") {
		r.flags |= flagSessions
	} else {
		texts[txtWaitingRoom], texts[txtVideo] = v.WaitingRoomSession, v.VideoSession
	}
	if v.AcceptTerms {
		r.flags |= flagAcceptTerms
	}
	if v.Synthetic {
		r.flags |= flagSynthetic
	}
	r.text = packTexts(texts[:])
	t.encodeSyms(v, &r)
	r.timeline = t.encodeTimeline(v.Timeline)
	return r
}

func (t *symtab) encodeSyms(v *Visit, r *visitRec) {
	plain := [numSymFields]string{
		fKind: string(v.Kind), fPractice: v.PracticeID, fRegion: v.RegionCode, fModality: v.Modality,
		fBrand: v.Brand, fHomeMarket: v.HomeMarket, fDepartment: v.DepartmentID, fEHR: v.EHRSystemName,
		fNPI: v.NPI, fVisitType: v.VisitTypeID, fTimezone: v.Timezone, fPayment: v.PaymentMethod,
		fDeclaration: v.Declaration,
	}
	for f, s := range plain {
		if f != fPatient && f != fQualifiers {
			r.syms[f] = t.intern(s)
		}
	}
	r.syms[fQualifiers] = t.internList(v.Qualifiers)
}

func (t *symtab) encodeTimeline(tl []Transition) []step {
	if len(tl) == 0 {
		return nil
	}
	out := make([]step, len(tl))
	for i, tr := range tl {
		out[i] = step{sec: tr.At.Unix(), nsec: int32(tr.At.Nanosecond()),
			status: t.intern(tr.Status), provider: t.intern(tr.ProviderID)}
	}
	return out
}

// How decodeVisit decodes.
type decodeMode int

const (
	// decodeShared shares the table's qualifier list and reuses v's
	// Timeline and Actor, for a quick look under the store's lock.
	decodeShared decodeMode = iota
	// decodeOwn gives v slices of its own, for callers who keep it.
	decodeOwn
	// decodeNoSessions is decodeShared leaving TokBox sessions that
	// derive from the id empty, for an export (which leaves them out).
	decodeNoSessions
)

// decodeVisit fills v from r.
func (t *symtab) decodeVisit(r *visitRec, v *Visit, mode decodeMode) {
	var texts [numTexts]string
	unpackTexts(r.text, texts[:])
	tl, actor := v.Timeline[:0], v.Actor
	*v = Visit{
		ID: texts[txtID], Kind: VisitKind(t.str(r.syms[fKind])), PatientGUID: texts[txtPatient],
		UserID: texts[txtUser], PracticeID: t.str(r.syms[fPractice]), RegionCode: t.str(r.syms[fRegion]),
		Modality: t.str(r.syms[fModality]), Qualifiers: t.list(r.syms[fQualifiers]), Brand: t.str(r.syms[fBrand]),
		HomeMarket: t.str(r.syms[fHomeMarket]), DepartmentID: t.str(r.syms[fDepartment]),
		EHRSystemName: t.str(r.syms[fEHR]), NPI: t.str(r.syms[fNPI]), VisitTypeID: t.str(r.syms[fVisitType]),
		SlotStart: instant{r.slotSec, r.slotNsec}.time(), SlotMinutes: int(r.slotMinutes),
		Timezone: t.str(r.syms[fTimezone]), VisitReason: texts[txtReason], PaymentMethod: t.str(r.syms[fPayment]),
		Declaration: t.str(r.syms[fDeclaration]), AcceptTerms: r.flags&flagAcceptTerms != 0,
		Urgency: r.urgency, AssessmentTool: texts[txtAssessment],
		WaitingRoomSession: texts[txtWaitingRoom], VideoSession: texts[txtVideo],
		Created: r.created().time(), Synthetic: r.flags&flagSynthetic != 0,
	}
	if r.syms[fPatient] != symEmpty {
		v.PatientGUID = t.str(r.syms[fPatient])
	}
	if r.flags&flagUserIsPatient != 0 {
		v.UserID = v.PatientGUID
	}
	if r.flags&flagSessions != 0 && mode != decodeNoSessions {
		v.WaitingRoomSession, v.VideoSession = tokBoxSession(v.ID, "2"), tokBoxSession(v.ID, "1")
	}
	if mode == decodeOwn {
		tl, actor = nil, nil
		v.Qualifiers = append([]string(nil), v.Qualifiers...)
	}
	v.Timeline = t.decodeTimeline(r.timeline, tl)
	if r.flags&flagActor != 0 {
		if actor == nil {
			actor = &Person{}
		}
		*actor = Person{ID: texts[txtActorID], FirstName: texts[txtActorFirst], LastName: texts[txtActorLast],
			Email: texts[txtActorEmail], Relation: texts[txtActorRelation]}
		v.Actor = actor
	}
}

func (t *symtab) decodeTimeline(steps []step, into []Transition) []Transition {
	if len(steps) == 0 {
		return nil
	}
	for _, s := range steps {
		into = append(into, Transition{Status: t.str(s.status), At: s.at().time(), ProviderID: t.str(s.provider)})
	}
	return into
}
