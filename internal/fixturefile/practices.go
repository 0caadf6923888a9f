package fixturefile

import (
	"strings"
	"time"
)

// Practice is a virtual practice and its regions.
type Practice struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName"`
	CareMode           string          `json:"careMode"`
	Brand              string          `json:"brand"`
	Payment            map[string]bool `json:"payment"`
	EpicBookingEnabled bool            `json:"epicBookingEnabled"`
	Regions            []Region        `json:"regions"`
	Departments        []PracticeDept  `json:"departments"`
}

// RegionByCode finds the practice's region with that state code.
func (p Practice) RegionByCode(code string) (Region, bool) {
	for _, r := range p.Regions {
		if strings.EqualFold(r.RegionCode, code) {
			return r, true
		}
	}
	return Region{}, false
}

// Region is a practice region (a state licensure) with its opening hours
// and on-call coverage per pool ("modality/qualifier" → providers).
type Region struct {
	ID          string         `json:"id"`
	RegionCode  string         `json:"regionCode"`
	DisplayName string         `json:"displayName"`
	Timezone    string         `json:"timezone"`
	Hours       string         `json:"hours"` // "24x7" or "HH:MM-HH:MM" local, every day
	Capacity    int            `json:"capacity"`
	VisitPrice  int            `json:"visitPrice"`
	OnCall      map[string]int `json:"oncall"`
	Active      *bool          `json:"active,omitempty"`
	Market      string         `json:"market,omitempty"`
	// PaymentAccountID is the region's payment account, as the practice
	// entity shows it.
	PaymentAccountID string `json:"paymentAccountId,omitempty"`
	// OrderWeight is the region's place in a client's list (the docs
	// show 0 for every region).
	OrderWeight int `json:"orderWeight,omitempty"`

	loc *time.Location
	// openMin and closeMin are Hours parsed once at read (hoursParsed),
	// since every queue read asks whether the region is open.
	openMin, closeMin int
	hoursParsed       bool
}

// Location is the region's time zone (nil for a Region built by hand
// rather than read).
func (r Region) Location() *time.Location { return r.loc }

// IsActive is false only for regions the fixtures switch off.
func (r Region) IsActive() bool { return r.Active == nil || *r.Active }

// MarketName is the region's market, "default" unless set.
func (r Region) MarketName() string {
	if r.Market == "" {
		return "default"
	}
	return r.Market
}

// PracticeDept is a department a virtual practice books into.
type PracticeDept struct {
	ID                    string `json:"id"`
	EpicDepartmentID      string `json:"epicDepartmentId"`
	EHRSystemName         string `json:"ehrSystemName"`
	DefaultDepartmentName string `json:"defaultDepartmentName"`
}
