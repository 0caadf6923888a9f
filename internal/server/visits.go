package server

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

// visitRequestJSON is the part of a v9 visit request the mock acts on;
// the spec has already validated the whole body.
type visitRequestJSON struct {
	Patient struct {
		PatientGUID       string `json:"patientGuid"`
		EHRIdentifier     string `json:"ehrIdentifier"`
		EHRIdentifierType string `json:"ehrIdentifierType"`
		HomeEHR           string `json:"homeEhr"`
		HomeMarket        string `json:"homeMarket"`
	} `json:"patient"`
	Actor        *actorJSON       `json:"actor"`
	BillingInfo  billingJSON      `json:"billingInfo"`
	VisitDetails visitDetailsJSON `json:"visitDetails"`
}

type actorJSON struct {
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Email        string `json:"email"`
	Relationship string `json:"relationshipToPatient"`
}

type billingJSON struct {
	PaymentMethod string `json:"paymentMethod"`
}

type visitDetailsJSON struct {
	AcceptedTerms        bool     `json:"acceptedTerms"`
	AssessmentToolUsed   string   `json:"assessmentToolUsed"`
	AssignmentQualifiers []string `json:"assignmentQualifiers"`
	Brand                string   `json:"brand"`
	Declaration          string   `json:"declaration"`
	DepartmentID         string   `json:"departmentId"`
	PracticeID           string   `json:"practiceId"`
	StateLicensure       string   `json:"stateLicensure"`
	Urgency              float64  `json:"urgency"`
	VisitReason          string   `json:"visitReason"`
	VisitTypeName        string   `json:"visitTypeName"`
}

func (d visitDetailsJSON) queueRequest(kind fakes.VisitKind, payment string, actor *actorJSON) fakes.QueueRequest {
	req := fakes.QueueRequest{
		Kind: kind, Declaration: d.Declaration, AcceptedTerms: d.AcceptedTerms, VisitReason: d.VisitReason,
		PracticeID: d.PracticeID, Region: d.StateLicensure, Modality: d.VisitTypeName,
		Qualifiers: d.AssignmentQualifiers, Brand: d.Brand, DepartmentID: d.DepartmentID,
		PaymentMethod: payment, Urgency: d.Urgency, AssessmentTool: d.AssessmentToolUsed,
	}
	if actor != nil {
		req.Actor = &fakes.Person{FirstName: actor.FirstName, LastName: actor.LastName, Email: actor.Email, Relation: actor.Relationship}
	}
	return req
}

// tokBoxAPIKey is a made-up TokBox project key, the same for every visit.
const tokBoxAPIKey = "46497352"

func tokBoxBody(v fakes.Visit, withKey bool) dexcare.TokBox {
	t := dexcare.TokBox{WaitingRoomSession: dexcare.TokBoxSession{SessionID: v.WaitingRoomSession}, VideoSession: dexcare.TokBoxSession{SessionID: v.VideoSession}}
	if withKey {
		t.APIKey = tokBoxAPIKey
	}
	return t
}

// createVisit queues a virtual visit; the rules live in fakes.QueueVisit.
func (s *Server) createVisit(c *Call, body *visitRequestJSON) (Answer, error) {
	req := body.VisitDetails.queueRequest(fakes.KindVirtual, body.BillingInfo.PaymentMethod, body.Actor)
	req.Subject, req.HomeMarket = c.Subject, body.Patient.HomeMarket
	if p := body.Patient; p.PatientGUID == "" {
		req.EHR = &fakes.EHRRef{ID: p.EHRIdentifier, Type: p.EHRIdentifierType, HomeEHR: p.HomeEHR}
	} else {
		req.PatientGUID = p.PatientGUID
	}
	v, err := c.World.QueueVisit(req, c.Now)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, dexcare.VisitCreated{
		VisitID: v.ID, PatientGUID: v.PatientGUID, PracticeID: v.PracticeID,
		VisitRedirectURL: s.waitingRoomURL(c, v), TokBoxVisit: tokBoxBody(v, false),
	}), nil
}

// waitingRoomURL is this mock's waiting room for the visit, on the
// configured base URL or else the host the request came to.
func (s *Server) waitingRoomURL(c *Call, v fakes.Visit) string {
	base := s.opts.BaseURL
	if base == "" {
		r := c.Request()
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	q := url.Values{"brand": {v.Brand}}
	for k, vs := range c.keepNamespace() {
		q[k] = vs // a browser cannot send the header: the link keeps the namespace
	}
	return base + "/visit/" + url.PathEscape(v.ID) + "?" + q.Encode()
}

// visitSummary is owner-only: another patient's visit id answers 404.
func (s *Server) visitSummary(c *Call) (Answer, error) {
	now := c.Now
	v, err := c.World.OwnVirtualVisit(c.Param("visitId"), c.Subject)
	if err != nil {
		return Answer{}, err
	}
	status, _ := v.StatusAt(now)
	stamps := map[string]string{"created": formatDex(v.Created)}
	for st, at := range v.TimestampsAt(now) {
		stamps[st] = formatDex(at)
	}
	return JSON(http.StatusOK, dexcare.VisitSummary{
		VisitID: v.ID, UserID: uuidOrEmpty(v.UserID), PatientGUID: v.PatientGUID, Status: status,
		Type: v.Kind.ReportType(), Modality: v.Modality, AssignmentQualifiers: v.Qualifiers,
		IsHighPriority: v.Urgency > 0, StateLicensure: v.RegionCode, PracticeID: v.PracticeID,
		ProviderID: v.ProviderAt(now), HomeMarket: v.HomeMarket, AssessmentToolUsed: v.AssessmentTool,
		TokBoxVisit: tokBoxBody(v, true), AcceptTerms: v.AcceptTerms, Timestamps: stamps,
		Brand: v.Brand, DeviceModel: "web",
	}), nil
}

// uuidOrEmpty keeps a non-UUID token subject out of userId, which the
// spec types as a UUID.
func uuidOrEmpty(s string) string {
	if _, err := uuid.Parse(s); err != nil {
		return ""
	}
	return s
}

// visitWaitTime reports the time left until the visit's planned start and
// its place in the pool's queue; 0 once it is no longer waiting.
func (s *Server) visitWaitTime(c *Call) (Answer, error) {
	now, world := c.Now, c.World
	v, err := world.OwnVirtualVisit(c.Param("visitId"), c.Subject)
	if err != nil {
		return Answer{}, err
	}
	wait := world.WaitFor(v, now)
	out := dexcare.VisitWaitTime{EstimatedWaitTimeSeconds: int(wait.Remaining.Seconds()), EstimateGeneratedAt: formatDex(now)}
	if wait.Position > 0 {
		msg := fmt.Sprintf("You are number %d in line", wait.Position)
		out.EstimatedWaitTimeMessage = &msg
	}
	return JSON(http.StatusOK, out), nil
}

// acceptTerms records acceptance; 200 with no body, as published.
func (s *Server) acceptTerms(c *Call) (Answer, error) {
	if err := c.World.AcceptTerms(c.Param("visitId"), c.Subject, c.Now); err != nil {
		return Answer{}, err
	}
	return NoBody(http.StatusOK), nil
}
