package fakes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // region and clinic time zones must resolve on minimal images

	"github.com/brianvoe/gofakeit/v6"
)

// Fixtures is the world a fresh or reset mock starts from.
type Fixtures struct {
	Practices   []Practice
	Departments []Department // in-person clinics and retail sites
	Providers   []Provider
	Patients    []Patient
	Qualifiers  []CatalogEntry
	Modalities  []CatalogEntry
	Brands      []Brand
	Settings    Settings
	// PostalCodes places the postal codes Care Options searches may name
	// (postalcodes.json, optional); others are refused.
	PostalCodes map[string]GeoPoint

	// onCall indexes Providers by the pools they are on call for, built
	// once by LoadFixtures: queue reads ask for it several times per pool.
	onCall map[string][]Provider
}

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
	// openMin and closeMin are Hours parsed once at load (hoursParsed),
	// since every queue read asks whether the region is open.
	openMin, closeMin int
	hoursParsed       bool
}

// Location is the region's time zone.
func (r Region) Location() *time.Location { return r.loc }

// PracticeDept is a department a virtual practice books into.
type PracticeDept struct {
	ID                    string `json:"id"`
	EpicDepartmentID      string `json:"epicDepartmentId"`
	EHRSystemName         string `json:"ehrSystemName"`
	DefaultDepartmentName string `json:"defaultDepartmentName"`
}

// Department is an in-person clinic or retail site with a weekly schedule.
type Department struct {
	ID            string      `json:"id"`
	EHRSystemName string      `json:"ehrSystemName"`
	Name          string      `json:"name"`
	URLName       string      `json:"urlName"`
	Brand         string      `json:"brand"`
	Timezone      string      `json:"timezone"`
	Kind          string      `json:"kind"` // clinic or retail
	Days          []string    `json:"days"`
	Open          string      `json:"open"`
	Close         string      `json:"close"`
	SlotMinutes   int         `json:"slotMinutes"`
	VisitTypes    []VisitType `json:"visitTypes"`
	// Where the clinic is, for Care Options searches by location; a
	// department without coordinates is found by its id only.
	ClinicType string   `json:"clinicType,omitempty"`
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
	Address    Address  `json:"address"`

	loc *time.Location
}

// Address is a clinic's street address.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
}

// GeoPoint is a place on the map, in degrees.
type GeoPoint struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Place is where the clinic is, if its fixtures say.
func (d Department) Place() (GeoPoint, bool) {
	if d.Latitude == nil || d.Longitude == nil {
		return GeoPoint{}, false
	}
	return GeoPoint{*d.Latitude, *d.Longitude}, true
}

// Location is the department's time zone.
func (d Department) Location() *time.Location { return d.loc }

// IsRetail reports whether d is a retail site, booked through the /retail
// hand-off with no named provider, rather than a clinic.
func (d Department) IsRetail() bool { return d.Kind == "retail" }

// VisitType is a kind of in-person appointment a department offers.
type VisitType struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Title                 string `json:"title"`
	ForNewPatient         bool   `json:"forNewPatient"`
	ForEstablishedPatient bool   `json:"forEstablishedPatient"`
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
	// Pools are the virtual pools ("PRACTICE/REGION/modality/qualifier")
	// the provider is on call for; assigned when the world is built.
	Pools []string `json:"-"`
}

// Name is "First Last".
func (p Provider) Name() string { return p.FirstName + " " + p.LastName }

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
	Guest             bool              `json:"-"`
}

// CatalogEntry is an assignment qualifier or a modality.
type CatalogEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	DeletedAt string `json:"deletedAt,omitempty"`
}

// Archived reports whether the entry was retired.
func (c CatalogEntry) Archived() bool { return c.DeletedAt != "" }

// Brand is a health-system brand pages are themed for.
type Brand struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

// Settings are the knobs of the queue and report models.
type Settings struct {
	MeanHandleSeconds       int    `json:"meanHandleSeconds"`
	VisitLengthSeconds      int    `json:"visitLengthSeconds"`
	WaitingRoomAfterSeconds int    `json:"waitingRoomAfterSeconds"`
	BusyMessage             string `json:"busyMessage"`
	Report                  struct {
		QueuedSeconds     int `json:"queuedSeconds"`
		RunningSeconds    int `json:"runningSeconds"`
		DefaultWindowDays int `json:"defaultWindowDays"`
	} `json:"report"`
	APR struct {
		DefaultLimit int `json:"defaultLimit"`
	} `json:"apr"`
	History struct {
		VisitsPerDay   int `json:"visitsPerDay"`
		BookingsPerDay int `json:"bookingsPerDay"`
		RetailPerDay   int `json:"retailPerDay"`
	} `json:"history"`
}

type providerFile struct {
	Named     []Provider `json:"named"`
	Generated struct {
		Count               int      `json:"count"`
		Credentials         []string `json:"credentials"`
		EmailDomain         string   `json:"emailDomain"`
		InPersonDepartments []string `json:"inPersonDepartments"`
		// Genders and Specialties are dealt out in turn (no random
		// draw, so adding them left every generated id as it was).
		Genders     []string `json:"genders"`
		Specialties []string `json:"specialties"`
	} `json:"generated"`
}

type catalogFile struct {
	Qualifiers []CatalogEntry `json:"assignmentQualifiers"`
	Modalities []CatalogEntry `json:"modalities"`
	Brands     []Brand        `json:"brands"`
}

// LoadFixtures reads a fixtures directory (the embedded default or one
// given with --fixtures) and generates its providers from seed, so the
// same files and seed always give the same world.
func LoadFixtures(fsys fs.FS, seed int64) (*Fixtures, error) {
	f := &Fixtures{}
	var prov providerFile
	var cat catalogFile
	for name, into := range map[string]any{
		"practices.json": &f.Practices, "departments.json": &f.Departments,
		"providers.json": &prov, "patients.json": &f.Patients,
		"catalog.json": &cat, "settings.json": &f.Settings,
	} {
		if err := readJSON(fsys, name, into); err != nil {
			return nil, err
		}
	}
	f.Qualifiers, f.Modalities, f.Brands = cat.Qualifiers, cat.Modalities, cat.Brands
	if err := readOptionalJSON(fsys, "postalcodes.json", &f.PostalCodes); err != nil {
		return nil, err
	}
	if err := f.resolveZones(); err != nil {
		return nil, err
	}
	f.Providers = append(f.Providers, prov.Named...)
	f.Providers = append(f.Providers, generateProviders(prov, seed)...)
	f.assignPools(seed)
	f.indexOnCall()
	return f, f.check()
}

func readJSON(fsys fs.FS, name string, into any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("fixtures: %w", err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("fixtures: %s: %w", name, err)
	}
	return nil
}

// readOptionalJSON reads a fixture file that older fixture directories
// may lack.
func readOptionalJSON(fsys fs.FS, name string, into any) error {
	if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return readJSON(fsys, name, into)
}

func (f *Fixtures) resolveZones() error {
	for i := range f.Practices {
		for j := range f.Practices[i].Regions {
			r := &f.Practices[i].Regions[j]
			loc, err := time.LoadLocation(r.Timezone)
			if err != nil {
				return fmt.Errorf("fixtures: region %s: %w", r.RegionCode, err)
			}
			r.loc = loc
			if r.openMin, r.closeMin, err = parseHours(r.Hours); err != nil {
				return fmt.Errorf("fixtures: region %s: %w", r.RegionCode, err)
			}
			r.hoursParsed = true
		}
	}
	for i := range f.Departments {
		loc, err := time.LoadLocation(f.Departments[i].Timezone)
		if err != nil {
			return fmt.Errorf("fixtures: department %s: %w", f.Departments[i].ID, err)
		}
		f.Departments[i].loc = loc
	}
	return nil
}

func generateProviders(pf providerFile, seed int64) []Provider {
	fake := gofakeit.New(seed)
	g := pf.Generated
	out := make([]Provider, 0, g.Count)
	for i := 0; i < g.Count; i++ {
		first, last := fake.FirstName(), fake.LastName()
		p := Provider{
			ID:          fake.UUID(),
			NPI:         fmt.Sprintf("1%09d", fake.Number(0, 999999999)),
			FirstName:   first,
			LastName:    last,
			Credentials: g.Credentials[i%len(g.Credentials)],
			Email:       strings.ToLower(fmt.Sprintf("%s.%s%d@%s", first, last, i, g.EmailDomain)),
		}
		if i < len(g.InPersonDepartments) {
			p.Departments = []string{g.InPersonDepartments[i]}
		}
		if len(g.Genders) > 0 {
			p.Gender = g.Genders[i%len(g.Genders)]
		}
		if len(g.Specialties) > 0 {
			p.Specialties = []string{g.Specialties[i%len(g.Specialties)]}
		}
		out = append(out, p)
	}
	return out
}

// assignPools puts generated providers on call, pool by pool, as the
// regions' oncall counts ask. Named providers stay in-person only.
func (f *Fixtures) assignPools(seed int64) {
	var next int
	virtual := make([]int, 0, len(f.Providers))
	for i, p := range f.Providers {
		if len(p.Departments) == 0 {
			virtual = append(virtual, i)
		}
	}
	if len(virtual) == 0 {
		return
	}
	next = int(seed % int64(len(virtual)))
	if next < 0 {
		next = -next
	}
	for _, pr := range f.Practices {
		for _, r := range pr.Regions {
			for _, pool := range sortedKeys(r.OnCall) {
				for n := 0; n < r.OnCall[pool]; n++ {
					idx := virtual[next%len(virtual)]
					next++
					f.Providers[idx].Pools = append(f.Providers[idx].Pools, PoolKey(pr.ID, r.RegionCode, pool))
				}
			}
		}
	}
}

// indexOnCall builds onCall from the providers' pools, in fixture order.
func (f *Fixtures) indexOnCall() {
	f.onCall = map[string][]Provider{}
	for _, p := range f.Providers {
		for j, pool := range p.Pools {
			if !slices.Contains(p.Pools[:j], pool) { // a provider is on call once per pool
				f.onCall[pool] = append(f.onCall[pool], p)
			}
		}
	}
}

// PoolKey names a virtual queue: practice, region, "modality/qualifier".
// Region codes are matched case-insensitively everywhere, so the key holds
// the code upper-cased whoever builds it (fixtures, requests, stored visits).
func PoolKey(practiceID, region, modalityQualifier string) string {
	return practiceID + "/" + strings.ToUpper(region) + "/" + modalityQualifier
}

func (f *Fixtures) check() error {
	depts := map[string]bool{}
	for _, d := range f.Departments {
		depts[d.ID] = true
	}
	for _, p := range f.Providers {
		for _, d := range p.Departments {
			if !depts[d] {
				return fmt.Errorf("fixtures: provider %s works in unknown department %s", p.NPI, d)
			}
		}
	}
	if len(f.Practices) == 0 {
		return fmt.Errorf("fixtures: no practices")
	}
	return nil
}
