package dexcare

// ProviderTimeslots answers GET /v5/providers/{npid}/timeslots.
type ProviderTimeslots struct {
	Slots []DepartmentSlots `json:"slots"`
}

// DepartmentSlots are a provider's free slots in one department.
type DepartmentSlots struct {
	NPI                  string           `json:"npi"`
	Timezone             string           `json:"timezone"`
	DepartmentID         string           `json:"departmentId"`
	DepartmentIdentifier string           `json:"departmentIdentifier"`
	EHRSystemName        string           `json:"ehrSystemName"`
	SlotsByVisitType     []VisitTypeSlots `json:"slotsByVisitType"`
}

// VisitTypeSlots are one visit type's free slots, day by day.
type VisitTypeSlots struct {
	VisitTypeID           string        `json:"visitTypeId"`
	VisitTypeName         string        `json:"visitTypeName"`
	VisitTypeTitle        string        `json:"visitTypeTitle"`
	ForNewPatient         bool          `json:"forNewPatient"`
	ForEstablishedPatient bool          `json:"forEstablishedPatient"`
	IsBookable            bool          `json:"isBookable"`
	ScheduleDays          []ScheduleDay `json:"scheduleDays"`
	// Set only for daysOfSlots pages, and only when that neighbouring
	// page exists: slots v5 declares both as non-nullable dates.
	PreviousEndDate string `json:"previousEndDate,omitempty"`
	NextStartDate   string `json:"nextStartDate,omitempty"`
}

// ScheduleDay is a day's free slots.
type ScheduleDay struct {
	Date      string     `json:"date"`
	SlotTimes []SlotTime `json:"slotTimes"`
}

// SlotTime is one free slot.
type SlotTime struct {
	Duration     int    `json:"duration"`
	SlotDateTime string `json:"slotDateTime"`
	SlotID       string `json:"slotId"`
}

// SlotSearchResults answers POST /v5/slots/search.
type SlotSearchResults struct {
	Results []SlotSearchResult `json:"results"`
}

// SlotSearchResult is one provider's free slots in one department.
type SlotSearchResult struct {
	NPI          string                `json:"npi"`
	EHRInstance  string                `json:"ehrInstance"`
	DepartmentID string                `json:"departmentId"`
	Timezone     string                `json:"timezone"`
	VisitTypes   []SlotSearchVisitType `json:"visitTypes"`
}

// SlotSearchVisitType is one visit type's free slots.
type SlotSearchVisitType struct {
	VisitTypeID   string           `json:"visitTypeId"`
	VisitTypeName string           `json:"visitTypeName"`
	Slots         []SlotSearchSlot `json:"slots"`
}

// SlotSearchSlot is one free slot.
type SlotSearchSlot struct {
	DateTime string `json:"dateTime"`
	Duration int    `json:"duration"`
	SlotID   string `json:"slotId"`
}

// ProviderBooking answers POST /api/7/visits/providerbooking.
type ProviderBooking struct {
	VisitID            string `json:"visitId"`
	PatientGUID        string `json:"patientGuid"`
	Status             string `json:"status"`
	NationalProviderID string `json:"nationalProviderId"`
	DepartmentID       string `json:"departmentId"`
	EHRSystemName      string `json:"ehrSystemName"`
	VisitTypeID        string `json:"visitTypeId"`
	SlotDateTime       string `json:"slotDateTime"`
	Duration           int    `json:"duration"`
	Timezone           string `json:"timezone"`
}
