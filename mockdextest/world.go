package mockdextest

// The default world's documented ids (fixtures/ in the mockdex
// repository). A test can name them instead of copying GUIDs; they do not
// apply to a world given WithFixtures.
const (
	// PracticeVirtualVisits is "Virtual Visits", brand providence, in the
	// regions WA and CA (open 24x7), MT, OR, AK and TX.
	PracticeVirtualVisits = "6996d161-cd16-4556-9577-f942c3f80c80"
	// PracticeAcme is "Acme Virtual Care", brand Acme, in WA and ID.
	PracticeAcme = "0cee700e-f4c1-4459-b390-263e4ded436c"
)

// Region codes of the default practices (visitDetails.stateLicensure,
// regionCodes[]).
const (
	RegionWashington = "WA"
	RegionCalifornia = "CA"
	RegionMontana    = "MT"
	RegionOregon     = "OR"
	RegionAlaska     = "AK"
	RegionTexas      = "TX"
	RegionIdaho      = "ID"
)

// Brands of the default world (visitDetails.brand, the retail page's brand).
const (
	BrandProvidence = "providence"
	BrandAcme       = "Acme"
)

// Patients of the default world.
const (
	// PatientJoe is Joe Public, born 1970-01-01, of Seattle WA: the docs'
	// example patient.
	PatientJoe = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	// PatientJane is Jane ExistingPatient, born 2000-11-11, of Portland OR.
	PatientJane = "f36af515-09ba-4551-a5c2-e6680fc41886"
	// PatientSinjoro is Sinjoro Ajnulo of Seattle WA, the patient known by
	// an EHR record: EHRIdentifier at HomeEHR.
	PatientSinjoro = "5c1e0f3a-8b7d-4c2e-9a6f-3d4b5c6e7f80"
)

// PatientSinjoro's EHR record (patient.ehrIdentifier, ehrIdentifierType,
// homeEhr), for visits that name the patient by record.
const (
	EHRIdentifier     = "M123456"
	EHRIdentifierType = "MRN"
	HomeEHR           = "MAM"
)

// The named provider of the default world; 40 more are generated from
// the seed.
const (
	// ProviderJenny is Jenny Generic MD, who sees patients at the Kent and
	// Everett clinics.
	ProviderJenny = "22606c4c-15c8-4959-ae7f-a8940356b3db"
	// ProviderJennyNPI is her NPI, the key of the time-slot and
	// provider-booking endpoints.
	ProviderJennyNPI = "1629394572"
)

// Departments (clinics) of the default world, by id; their URL names
// (departmentUrlName) follow.
const (
	DepartmentKent       = "123446001" // Providence Kent Clinic, Mon-Fri 08:10-17:10
	DepartmentEverett    = "301546001" // Providence Everett Clinic, Mon-Fri 08:10-17:10
	DepartmentInterstate = "405772000" // Interstate Clinic, Mon, Wed, Fri 09:00-16:00
	DepartmentAcmeC4     = "900100004" // Acme Clinic 4, retail, daily 08:00-20:00
	DepartmentAcmeC7     = "900100007" // Acme Clinic 7, retail, Mon-Sat 09:00-18:00
)

// URL names of the departments, as the retail hand-off page takes them.
const (
	DepartmentKentURLName       = "ProvKent"
	DepartmentEverettURLName    = "ProvEverett"
	DepartmentInterstateURLName = "ProvInterstate"
	DepartmentAcmeC4URLName     = "AcmeC4"
	DepartmentAcmeC7URLName     = "AcmeC7"
)
