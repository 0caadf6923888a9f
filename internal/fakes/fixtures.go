package fakes

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/brianvoe/gofakeit/v6"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// The world's fixed parts are the fixture files' types: their fields,
// what the fields mean and how they are read live in internal/fixturefile
// (which the mirror writes through), and a world speaks of them by these
// names.
type (
	Practice     = fixturefile.Practice
	Region       = fixturefile.Region
	PracticeDept = fixturefile.PracticeDept
	Window       = fixturefile.Window
	Department   = fixturefile.Department
	Address      = fixturefile.Address
	GeoPoint     = fixturefile.GeoPoint
	VisitType    = fixturefile.VisitType
	Provider     = fixturefile.Provider
	Patient      = fixturefile.Patient
	CatalogEntry = fixturefile.CatalogEntry
	Brand        = fixturefile.Brand
	Settings     = fixturefile.Settings
)

// Fixtures is the world a fresh or reset mock starts from: a fixtures
// directory with its generated providers put on call.
type Fixtures struct {
	Practices   []Practice
	Departments []Department // in-person clinics and retail sites
	Providers   []Provider   // the named ones, then the generated ones
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
	// providerAt indexes Providers by ID, built with onCall: every
	// queued visit's events name their provider, and a scan of a large
	// roster (20,000 in tools/roomy) cost more than the rest of a create.
	providerAt map[string]int
	roster     int // len(Providers) when providerAt was built
}

// LoadFixtures reads a fixtures directory (the embedded default or one
// given with --fixtures) and generates its providers from seed, so the
// same files and seed always give the same world.
func LoadFixtures(fsys fs.FS, seed int64) (*Fixtures, error) {
	set, err := fixturefile.Read(fsys)
	if err != nil {
		return nil, err
	}
	f := &Fixtures{Practices: set.Practices, Departments: set.Departments, Patients: set.Patients,
		Qualifiers: set.Catalog.Qualifiers, Modalities: set.Catalog.Modalities, Brands: set.Catalog.Brands,
		Settings: set.Settings, PostalCodes: set.PostalCodes}
	f.Providers = append(f.Providers, set.Providers.Named...)
	f.Providers = append(f.Providers, generateProviders(set.Providers.Generated, seed)...)
	f.indexOnCall(f.assignPools(seed))
	return f, nil
}

func generateProviders(g fixturefile.GeneratedProviders, seed int64) []Provider {
	fake := gofakeit.New(seed)
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

// assignPools puts providers who work in no department on call, pool by
// pool, as the regions' oncall counts ask, dealing them out in turn from
// a place the seed picks. It returns each provider's pools ("PRACTICE/
// REGION/modality/qualifier"), by index in f.Providers.
func (f *Fixtures) assignPools(seed int64) [][]string {
	pools := make([][]string, len(f.Providers))
	virtual := make([]int, 0, len(f.Providers))
	for i, p := range f.Providers {
		if len(p.Departments) == 0 {
			virtual = append(virtual, i)
		}
	}
	if len(virtual) == 0 {
		return pools
	}
	next := int(seed % int64(len(virtual)))
	if next < 0 {
		next = -next
	}
	for _, pr := range f.Practices {
		for _, r := range pr.Regions {
			for _, pool := range sortedKeys(r.OnCall) {
				for n := 0; n < r.OnCall[pool]; n++ {
					idx := virtual[next%len(virtual)]
					next++
					pools[idx] = append(pools[idx], PoolKey(pr.ID, r.RegionCode, pool))
				}
			}
		}
	}
	return pools
}

// indexOnCall builds onCall from the providers' pools, in fixture order.
func (f *Fixtures) indexOnCall(pools [][]string) {
	f.onCall = map[string][]Provider{}
	f.providerAt, f.roster = make(map[string]int, len(f.Providers)), len(f.Providers)
	for i, p := range f.Providers {
		if _, dup := f.providerAt[p.ID]; !dup { // the first holder, as a scan finds it
			f.providerAt[p.ID] = i
		}
		for j, pool := range pools[i] {
			if !slices.Contains(pools[i][:j], pool) { // a provider is on call once per pool
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
