package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

// getPractice serves both documented practice paths.
func (s *Server) getPractice(c *Call) (Answer, error) {
	p, err := c.World.PracticeAt(c.Param("practiceId"), c.Now)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, practiceBody(p, c.World.Fixtures.Settings.BusyMessage)), nil
}

func practiceBody(p fakes.PracticeStatus, busy string) dexcare.Practice {
	out := dexcare.Practice{
		ID: p.ID, DisplayName: p.DisplayName, CareMode: p.CareMode, Payment: p.Payment,
		EpicBookingEnabled: p.EpicBookingEnabled, PracticeRegions: []dexcare.Region{},
	}
	depts := make([]dexcare.Department, 0, len(p.Departments))
	for _, d := range p.Departments {
		depts = append(depts, dexcare.Department(d))
	}
	for _, r := range p.Regions {
		out.PracticeRegions = append(out.PracticeRegions, dexcare.Region{
			ID: r.ID, PracticeID: p.ID, DisplayName: r.DisplayName, RegionCode: r.RegionCode,
			Active: ptr(r.IsActive()), Availability: windowsBody(r.Windows), Busy: r.Busy,
			BusyMessage: busy, PaymentAccountID: r.PaymentAccountID, VisitPrice: r.VisitPrice,
			OrderWeight: r.OrderWeight, Departments: depts, Market: r.MarketName(),
		})
	}
	return out
}

func windowsBody(ws []fakes.Window) []dexcare.Window {
	out := make([]dexcare.Window, 0, len(ws))
	for _, w := range ws {
		out = append(out, dexcare.Window{Start: formatDex(w.Start), End: formatDex(w.End)})
	}
	return out
}

// ptr is a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
