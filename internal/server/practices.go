package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/fakes"
)

// practiceJSON is DexCare's practice entity.
type practiceJSON struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName"`
	CareMode           string          `json:"careMode"`
	Payment            map[string]bool `json:"payment"`
	EpicBookingEnabled bool            `json:"epicBookingEnabled"`
	PracticeRegions    []regionJSON    `json:"practiceRegions"`
}

type regionJSON struct {
	ID               string           `json:"id"`
	PracticeID       string           `json:"practiceId"`
	DisplayName      string           `json:"displayName"`
	RegionCode       string           `json:"regionCode"`
	Active           bool             `json:"active"`
	Availability     []windowJSON     `json:"availability"`
	Busy             bool             `json:"busy"`
	BusyMessage      string           `json:"busyMessage,omitempty"`
	PaymentAccountID string           `json:"paymentAccountId,omitempty"`
	VisitPrice       int              `json:"visitPrice"`
	OrderWeight      int              `json:"orderWeight"`
	Departments      []departmentJSON `json:"departments"`
	Market           string           `json:"market"`
}

type windowJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type departmentJSON struct {
	ID                    string `json:"id"`
	EpicDepartmentID      string `json:"epicDepartmentId"`
	EHRSystemName         string `json:"ehrSystemName"`
	DefaultDepartmentName string `json:"defaultDepartmentName,omitempty"`
}

// getPractice serves both documented practice paths.
func (s *Server) getPractice(c *Call) (Answer, error) {
	p, err := c.World.PracticeAt(c.Param("practiceId"), c.Now)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, practiceBody(p, c.World.Fixtures.Settings.BusyMessage)), nil
}

func practiceBody(p fakes.PracticeStatus, busy string) practiceJSON {
	out := practiceJSON{
		ID: p.ID, DisplayName: p.DisplayName, CareMode: p.CareMode, Payment: p.Payment,
		EpicBookingEnabled: p.EpicBookingEnabled, PracticeRegions: []regionJSON{},
	}
	depts := make([]departmentJSON, 0, len(p.Departments))
	for _, d := range p.Departments {
		depts = append(depts, departmentJSON(d))
	}
	for _, r := range p.Regions {
		out.PracticeRegions = append(out.PracticeRegions, regionJSON{
			ID: r.ID, PracticeID: p.ID, DisplayName: r.DisplayName, RegionCode: r.RegionCode,
			Active: r.IsActive(), Availability: windowsBody(r.Windows), Busy: r.Busy,
			BusyMessage: busy, PaymentAccountID: r.PaymentAccountID, VisitPrice: r.VisitPrice,
			OrderWeight: r.OrderWeight, Departments: depts, Market: r.MarketName(),
		})
	}
	return out
}

func windowsBody(ws []fakes.Window) []windowJSON {
	out := make([]windowJSON, 0, len(ws))
	for _, w := range ws {
		out = append(out, windowJSON{Start: formatDex(w.Start), End: formatDex(w.End)})
	}
	return out
}
