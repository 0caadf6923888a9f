package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// getTimeslots lists a provider's free in-person slots, grouped by
// department and visit type (GET /v5/providers/{npid}/timeslots).
func (s *Server) getTimeslots(c *Call) (Answer, error) {
	q, err := slotQueryFrom(c.Query(), c.Now)
	if err != nil {
		return Answer{}, err
	}
	p, ok := c.World.Fixtures.ProviderByNPI(c.Param("npid"))
	if !ok {
		return Answer{}, apierr.NotFoundf("Provider not found")
	}
	return JSON(http.StatusOK, timeslotsBody(c.World.ProviderSlots(p, q))), nil
}

// slotQueryFrom reads the query string; the spec has already checked each
// parameter's shape, so what is left are the rules between parameters.
func slotQueryFrom(v url.Values, now time.Time) (fakes.SlotQuery, error) {
	q := fakes.SlotQuery{
		Now:               now,
		VisitTypeNames:    v["visitTypeName"],
		VisitTypeIDs:      v["visitTypeEmrId"],
		Patient:           v.Get("newOrEstablishedPatient"),
		DepartmentID:      v.Get("departmentEmrId"),
		EHRSystemName:     v.Get("departmentEmrSystemId"),
		DepartmentURLName: v.Get("departmentUrlName"),
	}
	var err error
	if q.Start, err = dateBoundParam(v.Get("startDate"), "startDate"); err != nil {
		return q, err
	}
	if q.End, err = dateBoundParam(v.Get("endDate"), "endDate"); err != nil {
		return q, err
	}
	if v.Has("daysOfSlots") {
		q.DaysOfSlots, _ = strconv.Atoi(v.Get("daysOfSlots")) // the spec checked it is an integer >= 1
	}
	return q, checkSlotQuery(q)
}

func dateBoundParam(raw, name string) (fakes.DateBound, error) {
	if raw == "" {
		return fakes.DateBound{}, nil
	}
	b, ok := fakes.ParseDateBound(raw)
	if !ok {
		return b, apierr.InvalidField(name, "%s must be a date (yyyy-MM-dd) or a date-time with an offset", name)
	}
	return b, nil
}

// checkSlotQuery applies the published rules between parameters.
func checkSlotQuery(q fakes.SlotQuery) error {
	switch {
	case q.DepartmentID != "" && q.EHRSystemName == "":
		return apierr.InvalidField("departmentEmrSystemId", "departmentEmrId requires departmentEmrSystemId")
	case q.DepartmentID == "" && q.EHRSystemName != "":
		return apierr.InvalidField("departmentEmrId", "departmentEmrSystemId requires departmentEmrId")
	case q.DepartmentURLName != "" && q.DepartmentID != "":
		return apierr.InvalidField("departmentUrlName", "departmentUrlName cannot be combined with departmentEmrId")
	case !q.Start.IsZero() && !q.End.IsZero() && q.End.EndsBefore(q.Start):
		return apierr.InvalidField("endDate", "endDate must not be before startDate")
	}
	return nil
}

func timeslotsBody(depts []fakes.DepartmentSlots) dexcare.ProviderTimeslots {
	out := dexcare.ProviderTimeslots{Slots: []dexcare.DepartmentSlots{}}
	for _, ds := range depts {
		d := ds.Department
		dj := dexcare.DepartmentSlots{
			NPI: ds.NPI, Timezone: d.Timezone, DepartmentID: d.ID,
			DepartmentIdentifier: d.EHRSystemName + "|" + d.ID, EHRSystemName: d.EHRSystemName,
		}
		for _, vts := range ds.VisitTypes {
			dj.SlotsByVisitType = append(dj.SlotsByVisitType, visitTypeSlotsBody(d, vts))
		}
		out.Slots = append(out.Slots, dj)
	}
	return out
}

func visitTypeSlotsBody(d fakes.Department, vts fakes.VisitTypeSlots) dexcare.VisitTypeSlots {
	vt := vts.VisitType
	out := dexcare.VisitTypeSlots{
		VisitTypeID: vt.ID, VisitTypeName: vt.Name, VisitTypeTitle: vt.Title,
		ForNewPatient: vt.ForNewPatient, ForEstablishedPatient: vt.ForEstablishedPatient,
		IsBookable: true, ScheduleDays: []dexcare.ScheduleDay{},
	}
	for _, day := range vts.Days {
		dj := dexcare.ScheduleDay{Date: day.Date, SlotTimes: make([]dexcare.SlotTime, 0, len(day.Starts))}
		for _, start := range day.Starts {
			dj.SlotTimes = append(dj.SlotTimes, dexcare.SlotTime{
				Duration:     d.SlotMinutes,
				SlotDateTime: start.In(d.Location()).Format(time.RFC3339),
				SlotID:       slotid.New(d, vt, start).Encode(),
			})
		}
		out.ScheduleDays = append(out.ScheduleDays, dj)
	}
	out.PreviousEndDate, out.NextStartDate = vts.PreviousEnd, vts.NextStart
	return out
}
