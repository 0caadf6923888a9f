package server

import (
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// slotSearchBody is POST /v5/slots/search's request (SlotSearchRequest).
type slotSearchBody struct {
	CriteriaItems []struct {
		NPI          string `json:"npi"`
		EHRInstance  string `json:"ehrInstance"`
		DepartmentID string `json:"departmentId"`
	} `json:"criteriaItems"`
	StartDate      string   `json:"startDate"`
	EndDate        string   `json:"endDate"`
	VisitTypeNames []string `json:"visitTypeNames"`
}

// searchSlots lists several providers' free slots (POST /v5/slots/search).
func (s *Server) searchSlots(c *Call, body *slotSearchBody) (Answer, error) {
	q := fakes.SlotQuery{Now: c.Now, VisitTypeNames: body.VisitTypeNames}
	var err error
	if q.Start, err = dateBoundParam(body.StartDate, "startDate"); err != nil {
		return Answer{}, err
	}
	if q.End, err = dateBoundParam(body.EndDate, "endDate"); err != nil {
		return Answer{}, err
	}
	if err := checkSlotQuery(q); err != nil {
		return Answer{}, err
	}
	search := fakes.SlotSearch{Query: q}
	for _, c := range body.CriteriaItems {
		search.Criteria = append(search.Criteria, fakes.SlotCriterion{NPI: c.NPI, EHRInstance: c.EHRInstance, DepartmentID: c.DepartmentID})
	}
	found, err := c.World.SearchSlots(search)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, slotSearchBodyOf(found)), nil
}

func slotSearchBodyOf(found []fakes.DepartmentSlots) dexcare.SlotSearchResults {
	out := dexcare.SlotSearchResults{Results: []dexcare.SlotSearchResult{}}
	for _, ds := range found {
		d := ds.Department
		res := dexcare.SlotSearchResult{NPI: ds.NPI, EHRInstance: d.EHRSystemName, DepartmentID: d.ID, Timezone: d.Timezone}
		for _, vts := range ds.VisitTypes {
			vt := dexcare.SlotSearchVisitType{VisitTypeID: vts.VisitType.ID, VisitTypeName: vts.VisitType.Name, Slots: []dexcare.SlotSearchSlot{}}
			for _, day := range vts.Days {
				for _, start := range day.Starts {
					vt.Slots = append(vt.Slots, dexcare.SlotSearchSlot{
						DateTime: start.In(d.Location()).Format(time.RFC3339), Duration: d.SlotMinutes,
						SlotID: slotid.New(d, vts.VisitType, start).Encode(),
					})
				}
			}
			res.VisitTypes = append(res.VisitTypes, vt)
		}
		out.Results = append(out.Results, res)
	}
	return out
}

// slotEventBody is slot-taken's and slot-released's request (SlotEvent);
// the spec has checked slotDateTime is a date-time.
type slotEventBody struct {
	NPI          string    `json:"npi"`
	DepartmentID string    `json:"departmentId"`
	VisitTypeID  string    `json:"visitTypeId"`
	SlotDateTime time.Time `json:"slotDateTime"`
	EHRInstance  string    `json:"ehrInstance"`
}

func (b slotEventBody) event() fakes.SlotEvent {
	return fakes.SlotEvent{NPI: b.NPI, DepartmentID: b.DepartmentID, EHRInstance: b.EHRInstance,
		VisitTypeID: b.VisitTypeID, Start: b.SlotDateTime}
}

// slotTaken records an EHR's "slot taken" (POST /v5/slots/slot-taken).
func (s *Server) slotTaken(c *Call, body *slotEventBody) (Answer, error) {
	return slotEvent(c, body, func(world *fakes.World, e fakes.SlotEvent) error {
		_, err := world.SlotTaken(e)
		return err
	})
}

// slotReleased records an EHR's "slot released" (POST /v5/slots/slot-released).
func (s *Server) slotReleased(c *Call, body *slotEventBody) (Answer, error) {
	return slotEvent(c, body, (*fakes.World).SlotReleased)
}

// slotEvent applies the request's event to the world; 204 when it holds.
func slotEvent(c *Call, body *slotEventBody, apply func(*fakes.World, fakes.SlotEvent) error) (Answer, error) {
	if err := apply(c.World, body.event()); err != nil {
		return Answer{}, err
	}
	return NoBody(http.StatusNoContent), nil
}
