package fakes

import (
	"slices"
	"sort"
	"strings"
)

// Practice returns the practice with that id.
func (f *Fixtures) Practice(id string) (Practice, bool) {
	for _, p := range f.Practices {
		if strings.EqualFold(p.ID, id) {
			return p, true
		}
	}
	return Practice{}, false
}

// Department returns the in-person department with that id.
func (f *Fixtures) Department(id string) (Department, bool) {
	for _, d := range f.Departments {
		if d.ID == id {
			return d, true
		}
	}
	return Department{}, false
}

// DepartmentByURLName finds a department by its urlName (case-insensitive).
func (f *Fixtures) DepartmentByURLName(name string) (Department, bool) {
	for _, d := range f.Departments {
		if strings.EqualFold(d.URLName, name) {
			return d, true
		}
	}
	return Department{}, false
}

// ProviderByNPI finds a provider by national provider id.
func (f *Fixtures) ProviderByNPI(npi string) (Provider, bool) {
	for _, p := range f.Providers {
		if p.NPI == npi {
			return p, true
		}
	}
	return Provider{}, false
}

// worksInClinic reports whether p works in a department that is not a
// retail site.
func (f *Fixtures) worksInClinic(p Provider) bool {
	for _, id := range p.Departments {
		if d, ok := f.Department(id); ok && !d.IsRetail() {
			return true
		}
	}
	return false
}

// ProviderByID finds a provider by GUID: by the index LoadFixtures
// builds, or by a scan for fixtures built another way.
func (f *Fixtures) ProviderByID(id string) (Provider, bool) {
	if f.providerAt != nil && len(f.Providers) == f.roster {
		i, ok := f.providerAt[id]
		if !ok {
			return Provider{}, false // the roster is indexed whole
		}
		if f.Providers[i].ID == id {
			return f.Providers[i], true
		}
	}
	for _, p := range f.Providers {
		if p.ID == id {
			return p, true
		}
	}
	return Provider{}, false
}

// OnCall lists the providers on call for a pool, in fixture order, as a
// copy the caller may keep.
func (f *Fixtures) OnCall(pool string) []Provider { return slices.Clone(f.onCall[pool]) }

// onCallCount is how many providers are on call for a pool, without a copy.
func (f *Fixtures) onCallCount(pool string) int { return len(f.onCall[pool]) }

// Brand finds a brand by name (case-insensitive).
func (f *Fixtures) Brand(name string) (Brand, bool) {
	for _, b := range f.Brands {
		if strings.EqualFold(b.Name, name) {
			return b, true
		}
	}
	return Brand{}, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
