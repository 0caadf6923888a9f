package fixturefile

// Providers is providers.json: the providers named one by one, and how
// many on-call providers a world generates besides (the tier never says
// who is on call).
type Providers struct {
	Named     []Provider         `json:"named"`
	Generated GeneratedProviders `json:"generated"`
}

// Provider is a clinician: on call for virtual pools, in-person in
// departments, or both.
type Provider struct {
	ID          string   `json:"id"`
	NPI         string   `json:"npi"`
	FirstName   string   `json:"firstName"`
	LastName    string   `json:"lastName"`
	Credentials string   `json:"credentials"`
	Email       string   `json:"email"`
	Departments []string `json:"departments"`
	// Gender as Care Options reports it ("Female"); "" is unknown.
	Gender      string   `json:"gender,omitempty"`
	Specialties []string `json:"specialties,omitempty"`
}

// Name is "First Last".
func (p Provider) Name() string { return p.FirstName + " " + p.LastName }

// GeneratedProviders asks a world for Count providers made up from its
// seed: names and ids drawn, the lists below dealt out in turn.
type GeneratedProviders struct {
	Count       int      `json:"count"`
	Credentials []string `json:"credentials"`
	EmailDomain string   `json:"emailDomain"`
	// InPersonDepartments: the i-th generated provider works in the i-th
	// department listed (and is not on call); the rest have none.
	InPersonDepartments []string `json:"inPersonDepartments"`
	// Genders and Specialties are dealt out in turn (no random draw, so
	// adding them left every generated id as it was).
	Genders     []string `json:"genders"`
	Specialties []string `json:"specialties"`
}
