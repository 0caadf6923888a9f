package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// providerBookingBody is the request body (ProviderBookingRequest); the
// spec has checked its shape and the visitDetails fields it requires.
type providerBookingBody struct {
	Actor       *bookingActor `json:"actor"`
	BillingInfo struct {
		PaymentMethod       string `json:"paymentMethod"`
		FirstName           string `json:"firstName"`
		LastName            string `json:"lastName"`
		CouponCode          string `json:"couponCode"`
		InsuranceType       string `json:"insuranceType"`
		InsuranceProviderID string `json:"insuranceProviderId"`
		InsuranceMemberID   string `json:"insuranceMemberId"`
	} `json:"billingInfo"`
	Patient struct {
		PatientGUID string `json:"patientGuid"`
	} `json:"patient"`
	VisitDetails struct {
		Declaration        string `json:"declaration"`
		DepartmentID       string `json:"departmentId"`
		EHRSystemName      string `json:"ehrSystemName"`
		NationalProviderID string `json:"nationalProviderId"`
		SlotID             string `json:"slotId"`
		VisitReason        string `json:"visitReason"`
		VisitTypeID        string `json:"visitTypeId"`
	} `json:"visitDetails"`
}

type bookingActor struct {
	Email                 string `json:"email"`
	FirstName             string `json:"firstName"`
	LastName              string `json:"lastName"`
	RelationshipToPatient string `json:"relationshipToPatient"`
}

// bookProviderVisit books a provider's slot (POST /api/7/visits/providerbooking).
func (s *Server) bookProviderVisit(c *Call, body *providerBookingBody) (Answer, error) {
	if !strings.EqualFold(body.Patient.PatientGUID, c.Subject) {
		return Answer{}, apierr.Forbiddenf("patient.patientGuid does not match the signed-in user")
	}
	if err := body.check(); err != nil {
		return Answer{}, err
	}
	slot, ok := slotid.Decode(body.VisitDetails.SlotID)
	if !ok {
		return Answer{}, apierr.InvalidField("visitDetails.slotId", "visitDetails.slotId is not a valid slot id")
	}
	v, err := c.World.BookProviderSlot(body.request(c.World, c.Subject, slot), c.Now)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, providerBookingBodyOf(c.World.Fixtures, v)), nil
}

// check applies the docs' rules between fields: what each payment method
// needs, and an actor when booking for someone else.
func (b *providerBookingBody) check() error {
	bi := b.BillingInfo
	need := map[string][]struct{ name, value string }{
		"insurance":  {{"insuranceType", bi.InsuranceType}, {"insuranceProviderId", bi.InsuranceProviderID}, {"insuranceMemberId", bi.InsuranceMemberID}},
		"couponcode": {{"couponCode", bi.CouponCode}},
	}
	for _, f := range need[bi.PaymentMethod] {
		if strings.TrimSpace(f.value) == "" {
			return apierr.InvalidField("billingInfo."+f.name, "billingInfo.%s is required when paymentMethod is %s", f.name, bi.PaymentMethod)
		}
	}
	if strings.TrimSpace(b.VisitDetails.VisitReason) == "" {
		return apierr.InvalidField("visitDetails.visitReason", "visitDetails.visitReason is required")
	}
	if b.VisitDetails.Declaration != "other" {
		b.Actor = nil // the docs: with declaration self, any actor sent is ignored
		return nil
	}
	return b.Actor.check()
}

func (a *bookingActor) check() error {
	if a == nil {
		return apierr.InvalidField("actor", "actor is required when visitDetails.declaration is other")
	}
	for _, f := range []struct{ name, value string }{
		{"relationshipToPatient", a.RelationshipToPatient}, {"firstName", a.FirstName}, {"lastName", a.LastName},
	} {
		if strings.TrimSpace(f.value) == "" {
			return apierr.InvalidField("actor."+f.name, "actor.%s is required when visitDetails.declaration is other", f.name)
		}
	}
	return nil
}

// request turns the body into the world's booking request.
func (b *providerBookingBody) request(world *fakes.World, subject string, slot slotid.Handle) fakes.ProviderBookingRequest {
	vd := b.VisitDetails
	req := fakes.ProviderBookingRequest{
		PatientGUID: b.Patient.PatientGUID, UserID: subject, NPI: vd.NationalProviderID,
		DepartmentID: vd.DepartmentID, EHRSystemName: vd.EHRSystemName, Slot: slot,
		VisitReason: vd.VisitReason, PaymentMethod: b.BillingInfo.PaymentMethod, Declaration: vd.Declaration,
	}
	req.Booker = fakes.Person{ID: b.Patient.PatientGUID, FirstName: b.BillingInfo.FirstName, LastName: b.BillingInfo.LastName}
	if p, ok := world.Patients.ByGUID(b.Patient.PatientGUID); ok {
		req.Booker.FirstName, req.Booker.LastName, req.Booker.Email = p.FirstName, p.LastName, p.Email
	}
	if a := b.Actor; a != nil {
		actor := fakes.Person{FirstName: a.FirstName, LastName: a.LastName, Email: a.Email, Relation: a.RelationshipToPatient}
		actor.ID = fakes.ActorID(b.Patient.PatientGUID, actor)
		req.Actor, req.Booker = &actor, actor
	}
	return req
}

// providerBookingBodyOf answers with the slot in its clinic's time zone,
// as the timeslots listing showed it.
func providerBookingBodyOf(fx *fakes.Fixtures, v fakes.Visit) dexcare.ProviderBooking {
	loc := time.UTC
	if d, ok := fx.Department(v.DepartmentID); ok {
		loc = d.Location()
	}
	return dexcare.ProviderBooking{
		VisitID: v.ID, PatientGUID: v.PatientGUID, Status: fakes.StatusScheduled,
		NationalProviderID: v.NPI, DepartmentID: v.DepartmentID, EHRSystemName: v.EHRSystemName,
		VisitTypeID: v.VisitTypeID, SlotDateTime: v.SlotStart.In(loc).Format(time.RFC3339),
		Duration: v.SlotMinutes, Timezone: v.Timezone,
	}
}
