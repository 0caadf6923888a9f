package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

// guestVisitJSON is the part of a queued guest visit request the mock
// keeps; the spec has already validated the whole body.
type guestVisitJSON struct {
	Patient struct {
		FirstName   string            `json:"firstName"`
		LastName    string            `json:"lastName"`
		Email       string            `json:"email"`
		Phone       string            `json:"phone"`
		Gender      string            `json:"gender"`
		DateOfBirth string            `json:"dateOfBirth"`
		Address     map[string]string `json:"address"`
	} `json:"patient"`
	Actor        *actorJSON       `json:"actor"`
	BillingInfo  billingJSON      `json:"billingInfo"`
	VisitDetails visitDetailsJSON `json:"visitDetails"`
}

// createGuestVisit makes a guest patient from the request and queues a
// visit for them with the same rules and lifecycle as a v9 visit.
func (s *Server) createGuestVisit(c *Call, body *guestVisitJSON) (Answer, error) {
	p := body.Patient
	req := body.VisitDetails.queueRequest(fakes.KindGuest, body.BillingInfo.PaymentMethod, body.Actor)
	req.Guest = &fakes.Patient{
		FirstName: p.FirstName, LastName: p.LastName, Email: p.Email, Phone: p.Phone,
		Gender: p.Gender, DateOfBirth: p.DateOfBirth, Address: p.Address, HomeMarket: "default",
	}
	v, err := c.World.QueueVisit(req, c.Now)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, dexcare.GuestVisitCreated{VisitID: v.ID, VisitRedirectURL: s.waitingRoomURL(c, v)}), nil
}
