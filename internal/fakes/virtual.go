package fakes

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/apierr"
)

// QueueRequest is a decoded request to queue an on-demand visit, from
// POST /api/9/visits (KindVirtual) or the guest endpoint (KindGuest).
type QueueRequest struct {
	Kind VisitKind
	// Subject is the verified bearer token's subject; empty for guests,
	// who come in with a server-to-server key.
	Subject string

	// Exactly one way of naming the patient: a GUID, an EHR record, or
	// (guests) the patient's details.
	PatientGUID string
	EHR         *EHRRef
	Guest       *Patient
	HomeMarket  string

	Actor          *Person
	Declaration    string // self or other
	AcceptedTerms  bool
	VisitReason    string
	PracticeID     string
	Region         string // stateLicensure
	Modality       string // visitTypeName; default virtual
	Qualifiers     []string
	Brand          string
	DepartmentID   string
	PaymentMethod  string
	Urgency        float64
	AssessmentTool string
}

// EHRRef names a patient by their record in a health system's EHR.
type EHRRef struct {
	ID, Type, HomeEHR string
}

const declarationOther = "other"

// QueueVisit checks the request against DexCare's rules, admits the visit
// to its pool and plans its whole lifecycle from the queue at now.
func (w *World) QueueVisit(req QueueRequest, now time.Time) (Visit, error) {
	if err := req.check(); err != nil {
		return Visit{}, err
	}
	if w.Visits.full() { // before the queue is planned: a refusal should cost nothing
		return Visit{}, visitLimitError(w.Visits.max)
	}
	patient, err := w.resolvePatient(req)
	if err != nil {
		return Visit{}, err
	}
	practice, region, err := w.PracticeForRegion(req.PracticeID, req.Region)
	if err != nil {
		return Visit{}, err
	}
	pool := Pool{PracticeID: practice.ID, Region: region.RegionCode, Modality: req.modality(), Qualifier: req.qualifier()}
	// The visit's fields read no queue: they are filled before the lock,
	// which every create in the world waits for.
	v := w.newVisit(req, patient, practice, region, pool, now)
	w.admit.Lock()
	defer w.admit.Unlock()
	if err := w.planVisit(&v, pool, region, now); err != nil {
		return Visit{}, err
	}
	change := visitChange{events: w.plannedEvents(v)}
	if req.Guest != nil {
		change.patient = &patient
	}
	if err := w.addVisit(v, change); err != nil {
		return Visit{}, err
	}
	return v, nil
}

// check applies the rules that need no lookup.
func (req QueueRequest) check() error {
	switch {
	case !req.AcceptedTerms:
		return errTermsNotAccepted
	case strings.TrimSpace(req.VisitReason) == "":
		return errMissingReason
	case req.Declaration == declarationOther && req.Actor == nil:
		return errActorRequired
	}
	return nil
}

// resolvePatient finds (or, for a guest, makes) the patient and checks the
// token may act for them. With declaration other the token is the acting
// user's, so it is not compared with the patient.
func (w *World) resolvePatient(req QueueRequest) (Patient, error) {
	if req.Guest != nil {
		p := *req.Guest
		p.PatientGUID, p.Guest = uuid.NewString(), true
		return p, nil
	}
	proxy := req.Declaration == declarationOther
	if req.EHR == nil {
		// Refuse a foreign GUID before looking it up, so a token cannot
		// probe which GUIDs exist.
		if !proxy && !strings.EqualFold(req.PatientGUID, req.Subject) {
			return Patient{}, errNotYourPatient
		}
		p, ok := w.Patients.ByGUID(req.PatientGUID)
		if !ok {
			return Patient{}, errPatientNotFound
		}
		return p, nil
	}
	p, ok := w.Patients.ByEHR(req.EHR.ID, req.EHR.Type, req.EHR.HomeEHR)
	if !ok {
		return Patient{}, errPatientNotFound
	}
	if !proxy && !strings.EqualFold(p.PatientGUID, req.Subject) {
		return Patient{}, errNotYourPatient
	}
	return p, nil
}

// planVisit gives the visit its timeline, or refuses it when its pool
// cannot take it; the caller holds the admission lock so the queue it
// reads cannot change underneath.
func (w *World) planVisit(v *Visit, pool Pool, region Region, now time.Time) error {
	q, p := w.QueueAt(now), pool.pooled()
	if reason := q.unavailable(p, region); reason != "" {
		return unavailableError(pool, reason)
	}
	provider := w.Fixtures.onCallProvider(p.key, q.waiting[p.key])
	v.Timeline = w.timeline(now, q.estimate(p), provider.ID)
	return nil
}

func unavailableError(p Pool, reason string) error {
	what := map[string]string{
		ReasonOffHours: "is outside its opening hours",
		ReasonNoOnCall: "has no provider on call",
		ReasonBusy:     "is at capacity",
	}[reason]
	return apierr.Conflictf("Region %s %s for %s %s visits (%s)", p.Region, what, p.Qualifier, p.Modality, reason)
}

func (req QueueRequest) modality() string {
	return firstNonEmpty(req.Modality, defaultModality)
}

func (req QueueRequest) qualifier() string {
	if len(req.Qualifiers) == 0 || req.Qualifiers[0] == "" {
		return defaultQualifier
	}
	return req.Qualifiers[0]
}

// newVisit fills every field reports read.
func (w *World) newVisit(req QueueRequest, patient Patient, practice Practice, region Region, pool Pool, now time.Time) Visit {
	id := uuid.NewString()
	dept := practiceDepartment(practice, req.DepartmentID)
	v := Visit{
		ID: id, Kind: req.Kind, PatientGUID: patient.PatientGUID, UserID: req.Subject,
		PracticeID: practice.ID, RegionCode: region.RegionCode, Modality: pool.Modality,
		Qualifiers: append([]string{pool.Qualifier}, tail(req.Qualifiers)...), Brand: firstNonEmpty(req.Brand, practice.Brand),
		HomeMarket:   firstNonEmpty(req.HomeMarket, patient.HomeMarket, "default"),
		DepartmentID: dept.EpicDepartmentID, EHRSystemName: dept.EHRSystemName, Timezone: region.Timezone,
		VisitReason: req.VisitReason, PaymentMethod: req.PaymentMethod, Declaration: req.Declaration,
		AcceptTerms: req.AcceptedTerms, Urgency: req.Urgency, AssessmentTool: req.AssessmentTool, Actor: req.Actor,
		WaitingRoomSession: tokBoxSession(id, "2"), VideoSession: tokBoxSession(id, "1"),
		Created: now,
	}
	if req.Kind == KindGuest {
		v.UserID = patient.PatientGUID
	}
	return v
}

// timeline plans requested → waitingroom → invisit (when the estimate
// elapses; never before the waiting room) → done.
func (w *World) timeline(now time.Time, estimate time.Duration, providerID string) []Transition {
	set := w.Fixtures.Settings
	room := now.Add(time.Duration(set.WaitingRoomAfterSeconds) * time.Second)
	start := now.Add(estimate)
	if start.Before(room) {
		start = room
	}
	return []Transition{
		{Status: StatusRequested, At: now},
		{Status: StatusWaitingRoom, At: room},
		{Status: StatusInVisit, At: start, ProviderID: providerID},
		{Status: StatusDone, At: start.Add(time.Duration(set.VisitLengthSeconds) * time.Second), ProviderID: providerID},
	}
}

// practiceDepartment is the department named in the request if the
// practice has it (by id or Epic id), else the practice's first.
func practiceDepartment(p Practice, id string) PracticeDept {
	for _, d := range p.Departments {
		if id != "" && (d.ID == id || d.EpicDepartmentID == id) {
			return d
		}
	}
	if len(p.Departments) == 0 {
		return PracticeDept{}
	}
	return p.Departments[0]
}

func tail(s []string) []string {
	if len(s) < 2 {
		return nil
	}
	return s[1:]
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
