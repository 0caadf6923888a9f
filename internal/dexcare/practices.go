package dexcare

// Practice is DexCare's practice entity (GET /api/9/practices/{practiceId}).
type Practice struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName"`
	CareMode           string          `json:"careMode"`
	Payment            map[string]bool `json:"payment"`
	EpicBookingEnabled bool            `json:"epicBookingEnabled"`
	PracticeRegions    []Region        `json:"practiceRegions"`
}

// Region is one of a practice's regions.
type Region struct {
	ID          string `json:"id"`
	PracticeID  string `json:"practiceId"`
	DisplayName string `json:"displayName"`
	RegionCode  string `json:"regionCode"`
	// Active is a pointer so a reader tells a tier that leaves it out
	// (active) from one that says false; the mock always sends it.
	Active           *bool        `json:"active"`
	Availability     []Window     `json:"availability"`
	Busy             bool         `json:"busy"`
	BusyMessage      string       `json:"busyMessage,omitempty"`
	PaymentAccountID string       `json:"paymentAccountId,omitempty"`
	VisitPrice       int          `json:"visitPrice"`
	OrderWeight      int          `json:"orderWeight"`
	Departments      []Department `json:"departments"`
	Market           string       `json:"market"`
}

// Window is an availability window, in DexCare's instant format.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Department is a department a virtual practice books into.
type Department struct {
	ID                    string `json:"id"`
	EpicDepartmentID      string `json:"epicDepartmentId"`
	EHRSystemName         string `json:"ehrSystemName"`
	DefaultDepartmentName string `json:"defaultDepartmentName,omitempty"`
}

// CatalogEntry is an assignment qualifier or a modality (modalities have
// no group).
type CatalogEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt,omitempty"`
	UpdatedAt string `json:"updatedAt,omitempty"`
	DeletedAt string `json:"deletedAt,omitempty"`
}

// WaitTime is one entry of a wait-times answer (GET
// /api/9/regions/waittimes): available entries carry an estimate, the
// others a reason.
type WaitTime struct {
	Available                bool     `json:"available"`
	EstimateGeneratedAt      string   `json:"estimateGeneratedAt"`
	EstimatedWaitTimeSeconds *int     `json:"estimatedWaitTimeSeconds,omitempty"`
	Reason                   string   `json:"reason,omitempty"`
	BusyMessage              string   `json:"busyMessage,omitempty"`
	PracticeID               string   `json:"practiceId"`
	RegionCode               string   `json:"regionCode"`
	VisitTypeName            string   `json:"visitTypeName"`
	AssignmentQualifiers     []string `json:"assignmentQualifiers"`
	HomeMarket               string   `json:"homeMarket,omitempty"`
}
