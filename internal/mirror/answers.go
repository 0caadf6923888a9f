package mirror

import "github.com/mockdex/mockdex/internal/fixturefile"

// The parts of the tier's answers the mirror reads (spec/dexcare.yaml
// names each shape); everything else in them is ignored. A catalog entry
// and a practice's department are read straight into the fixture file's
// types: catalog.json and practices.json hold them as the tier gives them.

type practiceAnswer struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName"`
	CareMode           string          `json:"careMode"`
	Payment            map[string]bool `json:"payment"`
	EpicBookingEnabled bool            `json:"epicBookingEnabled"`
	Regions            []regionAnswer  `json:"practiceRegions"`
}

type regionAnswer struct {
	ID               string                     `json:"id"`
	DisplayName      string                     `json:"displayName"`
	RegionCode       string                     `json:"regionCode"`
	Active           *bool                      `json:"active"`
	Availability     []windowAnswer             `json:"availability"`
	Busy             bool                       `json:"busy"`
	BusyMessage      string                     `json:"busyMessage"`
	PaymentAccountID string                     `json:"paymentAccountId"`
	VisitPrice       int                        `json:"visitPrice"`
	OrderWeight      int                        `json:"orderWeight"`
	Departments      []fixturefile.PracticeDept `json:"departments"`
	Market           string                     `json:"market"`
}

type windowAnswer struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type waitTimeAnswer struct {
	Available           bool     `json:"available"`
	EstimateGeneratedAt string   `json:"estimateGeneratedAt"`
	Estimate            *int     `json:"estimatedWaitTimeSeconds"`
	Reason              string   `json:"reason"`
	RegionCode          string   `json:"regionCode"`
	VisitTypeName       string   `json:"visitTypeName"`
	Qualifiers          []string `json:"assignmentQualifiers"`
}

type timeslotsAnswer struct {
	Slots []struct {
		NPI           string `json:"npi"`
		Timezone      string `json:"timezone"`
		DepartmentID  string `json:"departmentId"`
		EHRSystemName string `json:"ehrSystemName"`
		VisitTypes    []struct {
			ID                    string `json:"visitTypeId"`
			Name                  string `json:"visitTypeName"`
			Title                 string `json:"visitTypeTitle"`
			ForNewPatient         bool   `json:"forNewPatient"`
			ForEstablishedPatient bool   `json:"forEstablishedPatient"`
			Days                  []struct {
				SlotTimes []struct {
					Duration     float64 `json:"duration"`
					SlotDateTime string  `json:"slotDateTime"`
				} `json:"slotTimes"`
			} `json:"scheduleDays"`
		} `json:"slotsByVisitType"`
	} `json:"slots"`
}

type careAddress struct {
	Line1      string   `json:"line1"`
	Line2      string   `json:"line2"`
	City       string   `json:"city"`
	State      string   `json:"state"`
	PostalCode string   `json:"postalCode"`
	ZipCode    string   `json:"zipCode"`
	Latitude   *float64 `json:"latitude"`
	Longitude  *float64 `json:"longitude"`
}

type careProvidersAnswer struct {
	Results []struct {
		NPI            string      `json:"npi"`
		Name           string      `json:"name"`
		Gender         *string     `json:"gender"`
		Specialties    []string    `json:"specialties"`
		DepartmentID   string      `json:"departmentId"`
		DepartmentName string      `json:"departmentName"`
		EHRInstance    string      `json:"ehrInstance"`
		ClinicType     string      `json:"clinicType"`
		Address        careAddress `json:"address"`
		Timezone       string      `json:"timezone"`
	} `json:"results"`
}

type careProviderInfo struct {
	Name        string   `json:"name"`
	Gender      *string  `json:"gender"`
	Specialties []string `json:"specialties"`
}

type careSlotsAnswer struct {
	SlotsByVisitType []struct {
		Days []struct {
			SlotTimes []struct {
				Options []careOption `json:"providerOptions"`
			} `json:"slotTimes"`
		} `json:"scheduleDays"`
	} `json:"slotsByVisitType"`
	Providers   map[string]careProviderInfo `json:"providers"`
	Departments map[string]struct {
		DepartmentID   string      `json:"departmentEmrId"`
		EHRInstance    string      `json:"ehrInstance"`
		DepartmentName string      `json:"departmentName"`
		Timezone       string      `json:"timezone"`
		ClinicType     string      `json:"clinicType"`
		Address        careAddress `json:"address"`
	} `json:"departments"`
}

type careOption struct {
	NPI                     string `json:"npi"`
	DepartmentEHRIdentifier string `json:"departmentEhrIdentifier"`
}

type aprAnswer struct {
	Data []struct {
		ProviderID           string `json:"providerId"`
		ProviderEmailAddress string `json:"providerEmailAddress"`
		ProviderName         string `json:"providerName"`
		ProviderFirstName    string `json:"providerFirstName"`
		ProviderLastName     string `json:"providerLastName"`
		ProviderCredentials  string `json:"providerCredentials"`
	} `json:"data"`
}
