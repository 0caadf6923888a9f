package fixturefile

// Patient is a person DexCare knows.
type Patient struct {
	PatientGUID       string            `json:"patientGuid"`
	FirstName         string            `json:"firstName"`
	LastName          string            `json:"lastName"`
	Gender            string            `json:"gender"`
	DateOfBirth       string            `json:"dateOfBirth"`
	Email             string            `json:"email"`
	Phone             string            `json:"phone"`
	HomeMarket        string            `json:"homeMarket"`
	EHRIdentifier     string            `json:"ehrIdentifier,omitempty"`
	EHRIdentifierType string            `json:"ehrIdentifierType,omitempty"`
	HomeEHR           string            `json:"homeEhr,omitempty"`
	Address           map[string]string `json:"address"`
	// Guest marks a patient a request created (a guest visit's, a retail
	// booking's); never in patients.json, whose patients are known ones.
	Guest bool `json:"-"`
}
