package dexcare

// The Care Options answers (CareProviders, CareSlots and
// CareSlotsByVisitType in the spec).

// CareAddress is a clinic's address.
type CareAddress struct {
	Line1      string   `json:"line1,omitempty"`
	Line2      string   `json:"line2,omitempty"`
	City       string   `json:"city,omitempty"`
	State      string   `json:"state,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	ZipCode    string   `json:"zipCode,omitempty"`
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
}

// CareProviders answers POST /v1/availability/providers.
type CareProviders struct {
	Results []CareProvider `json:"results"`
}

// CareProvider is a provider with free slots in one department.
type CareProvider struct {
	NPI            string          `json:"npi"`
	Name           string          `json:"name"`
	Gender         *string         `json:"gender"`
	Specialties    []string        `json:"specialties"`
	DepartmentID   string          `json:"departmentId"`
	DepartmentName string          `json:"departmentName"`
	EHRInstance    string          `json:"ehrInstance"`
	ClinicType     string          `json:"clinicType,omitempty"`
	Address        CareAddress     `json:"address"`
	Timezone       string          `json:"timezone"`
	DistanceFrom   float64         `json:"distanceFrom"`
	VisitTypes     []CareVisitType `json:"visitTypes"`
}

// CareVisitType is a visit type a provider offers, with its availability.
type CareVisitType struct {
	VisitTypeID   string `json:"visitTypeId"`
	VisitTypeName string `json:"visitTypeName"`
	Availability  struct {
		WindowDays int `json:"windowDays"`
		SlotCount  int `json:"slotCount"`
	} `json:"availability"`
}

// CareProviderInfo is a provider as the slot answers list them, by NPI.
type CareProviderInfo struct {
	Name        string   `json:"name"`
	Gender      *string  `json:"gender"`
	Specialties []string `json:"specialties"`
}

// CareSlotOption is one provider's offer of a slot time.
type CareSlotOption struct {
	NPI                     string `json:"npi"`
	DepartmentEHRIdentifier string `json:"departmentEhrIdentifier"`
	VisitTypeID             string `json:"visitTypeId"`
	Duration                int    `json:"duration"`
	SlotID                  string `json:"slotId"`
}

// CareSlots answers POST /v1/availability/slots.
type CareSlots struct {
	Slots         []CareSlot                  `json:"slots"`
	Providers     map[string]CareProviderInfo `json:"providers"`
	Departments   map[string]CareDepartment   `json:"departments"`
	SearchContext string                      `json:"searchContext"`
}

// CareSlot is a slot time and who offers it.
type CareSlot struct {
	SlotDateTime    string           `json:"slotDateTime"`
	VisitTypeName   string           `json:"visitTypeName"`
	ProviderOptions []CareSlotOption `json:"providerOptions"`
}

// CareDepartment is a department of a POST slots answer.
type CareDepartment struct {
	DepartmentGUID string      `json:"departmentGuid"`
	DepartmentID   string      `json:"departmentId"`
	EHRInstance    string      `json:"ehrInstance"`
	DepartmentName string      `json:"departmentName"`
	DistanceFrom   float64     `json:"distanceFrom"`
	Timezone       string      `json:"timezone"`
	ClinicType     string      `json:"clinicType,omitempty"`
	Address        CareAddress `json:"address"`
}

// CareSlotsByVisitType answers GET /v1/availability/slots.
type CareSlotsByVisitType struct {
	Timezone         string                       `json:"timezone"`
	SlotsByVisitType []CareVisitTypeSchedule      `json:"slotsByVisitType"`
	Providers        map[string]CareProviderInfo  `json:"providers"`
	Departments      map[string]CareEMRDepartment `json:"departments"`
	SearchContext    string                       `json:"searchContext"`
}

// CareVisitTypeSchedule is one visit type's free slot times, day by day.
type CareVisitTypeSchedule struct {
	VisitTypeEmrID        string            `json:"visitTypeEmrId"`
	VisitTypeName         string            `json:"visitTypeName"`
	VisitTypeDisplayName  string            `json:"visitTypeDisplayName"`
	VisitTypeUUIDs        []string          `json:"visitTypeUuids"`
	PreviousEndDate       *string           `json:"previousEndDate"`
	NextStartDate         *string           `json:"nextStartDate"`
	ForNewPatient         bool              `json:"forNewPatient"`
	ForEstablishedPatient bool              `json:"forEstablishedPatient"`
	Modality              string            `json:"modality"`
	ScheduleDays          []CareScheduleDay `json:"scheduleDays"`
}

// CareScheduleDay is a day's free slot times.
type CareScheduleDay struct {
	Date      string         `json:"date"`
	SlotTimes []CareSlotTime `json:"slotTimes"`
}

// CareSlotTime is a slot time and who offers it.
type CareSlotTime struct {
	SlotDateTime    string           `json:"slotDateTime"`
	ProviderOptions []CareSlotOption `json:"providerOptions"`
}

// CareEMRDepartment is a department of a GET slots answer.
type CareEMRDepartment struct {
	DepartmentUUID  string      `json:"departmentUuid"`
	DepartmentEmrID string      `json:"departmentEmrId"`
	EHRInstance     string      `json:"ehrInstance"`
	DepartmentName  string      `json:"departmentName"`
	DistanceFrom    float64     `json:"distanceFrom"`
	Timezone        string      `json:"timezone"`
	ClinicType      string      `json:"clinicType,omitempty"`
	Address         CareAddress `json:"address"`
}
