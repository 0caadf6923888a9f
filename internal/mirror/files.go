package mirror

// The fixture files the mirror writes, in the shapes internal/fakes loads
// (fixtures/ in the repository is the same format, hand-written). The
// round-trip test loads what these produce with fakes.LoadFixtures.

type practiceFile struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName"`
	CareMode           string          `json:"careMode"`
	Brand              string          `json:"brand"`
	Payment            map[string]bool `json:"payment"`
	EpicBookingEnabled bool            `json:"epicBookingEnabled"`
	Regions            []regionFile    `json:"regions"`
	Departments        []practiceDept  `json:"departments"`
}

type regionFile struct {
	ID               string         `json:"id"`
	RegionCode       string         `json:"regionCode"`
	DisplayName      string         `json:"displayName"`
	Timezone         string         `json:"timezone"`
	Hours            string         `json:"hours"`
	Capacity         int            `json:"capacity"`
	VisitPrice       int            `json:"visitPrice"`
	OnCall           map[string]int `json:"oncall"`
	Active           *bool          `json:"active,omitempty"`
	Market           string         `json:"market,omitempty"`
	PaymentAccountID string         `json:"paymentAccountId,omitempty"`
	OrderWeight      int            `json:"orderWeight,omitempty"`
}

// practiceDept is a department a virtual practice books into, the same
// in the practice answer and in practices.json.
type practiceDept struct {
	ID                    string `json:"id"`
	EpicDepartmentID      string `json:"epicDepartmentId"`
	EHRSystemName         string `json:"ehrSystemName"`
	DefaultDepartmentName string `json:"defaultDepartmentName,omitempty"`
}

type departmentFile struct {
	ID            string          `json:"id"`
	EHRSystemName string          `json:"ehrSystemName"`
	Name          string          `json:"name"`
	URLName       string          `json:"urlName"`
	Brand         string          `json:"brand"`
	ClinicType    string          `json:"clinicType,omitempty"`
	Latitude      *float64        `json:"latitude,omitempty"`
	Longitude     *float64        `json:"longitude,omitempty"`
	Address       addressFile     `json:"address"`
	Timezone      string          `json:"timezone"`
	Kind          string          `json:"kind"`
	Days          []string        `json:"days"`
	Open          string          `json:"open"`
	Close         string          `json:"close"`
	SlotMinutes   int             `json:"slotMinutes"`
	VisitTypes    []visitTypeFile `json:"visitTypes"`
}

type addressFile struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
}

type visitTypeFile struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Title                 string `json:"title"`
	ForNewPatient         bool   `json:"forNewPatient"`
	ForEstablishedPatient bool   `json:"forEstablishedPatient"`
}

type providersFile struct {
	Named     []providerFile `json:"named"`
	Generated generatedFile  `json:"generated"`
}

type providerFile struct {
	ID          string   `json:"id"`
	NPI         string   `json:"npi"`
	FirstName   string   `json:"firstName"`
	LastName    string   `json:"lastName"`
	Credentials string   `json:"credentials"`
	Email       string   `json:"email"`
	Departments []string `json:"departments"`
	Gender      string   `json:"gender,omitempty"`
	Specialties []string `json:"specialties,omitempty"`
}

// generatedFile asks the mock to generate the on-call providers: the
// tier never says who is on call.
type generatedFile struct {
	Count               int      `json:"count"`
	Credentials         []string `json:"credentials"`
	EmailDomain         string   `json:"emailDomain"`
	InPersonDepartments []string `json:"inPersonDepartments"`
	Genders             []string `json:"genders"`
	Specialties         []string `json:"specialties"`
}

type catalogFile struct {
	Qualifiers []catalogEntry `json:"assignmentQualifiers"`
	Modalities []catalogEntry `json:"modalities"`
	Brands     []Brand        `json:"brands"`
}

type geoPoint struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}
