package mirror

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// unseenFields mark the fields a mirror wrote by guess or default, not
// from what the tier showed. A refresh into a directory that already has
// them keeps the directory's values, so a value nobody can see does not
// change with the time of day a mirror runs (a region closed at night
// hides its on-call counts) and a team's hand edits survive.
type unseenFields struct {
	pools         map[string][]string // "practiceID|REGION" → pools whose on-call count is a guess
	urlNames      map[string]bool     // department ids whose urlName is its id
	deptBrands    map[string]bool     // department ids without a configured brand
	practiceBrand map[string]bool     // practice ids without a configured brand
	providers     map[string]bool     // NPIs without a history record: names split, email, id, credentials made up
	brands        bool                // no brands configured
}

func newUnseenFields(c Config) unseenFields {
	return unseenFields{pools: map[string][]string{}, urlNames: map[string]bool{}, deptBrands: map[string]bool{},
		practiceBrand: map[string]bool{}, providers: map[string]bool{}, brands: len(c.Brands) == 0}
}

// existingFixtures are the files a directory already holds (each empty
// when absent or unreadable).
type existingFixtures struct {
	practices   []fixturefile.Practice
	departments []fixturefile.Department
	providers   fixturefile.Providers
	catalog     fixturefile.Catalog
}

func readExisting(fsys fs.FS) (existingFixtures, []Note) {
	var e existingFixtures
	var notes []Note
	for name, into := range map[string]any{fixturefile.PracticesFile: &e.practices, fixturefile.DepartmentsFile: &e.departments,
		fixturefile.ProvidersFile: &e.providers, fixturefile.CatalogFile: &e.catalog} {
		if _, err := fs.Stat(fsys, name); err != nil {
			continue
		}
		if err := fixturefile.Decode(fsys, name, into); err != nil {
			notes = append(notes, Note{name, fmt.Sprintf("the existing file does not read (%v): nothing kept from it", err)})
		}
	}
	return e, notes
}

// kept is the mirror's fixtures with their unseen fields taken from
// existing where it has them, and a note for each field kept.
func (m *Mirror) kept(existing fs.FS) (practices []fixturefile.Practice, depts []fixturefile.Department, provs fixturefile.Providers, cat fixturefile.Catalog, notes []Note) {
	e, notes := readExisting(existing)
	practices, n1 := m.keepPractices(e.practices)
	depts, n2 := m.keepDepartments(e.departments)
	provs, n3 := m.keepProviders(e.providers)
	cat = m.catalog
	if m.unseen.brands && len(e.catalog.Brands) > 0 {
		cat.Brands = e.catalog.Brands
		notes = append(notes, Note{"catalog.json brands", "none configured: the existing brands"})
	}
	provs.Generated.Count = onCallTotal(practices)
	return practices, depts, provs, cat, slices.Concat(notes, n1, n2, n3)
}

func onCallTotal(practices []fixturefile.Practice) int {
	n := 0
	for _, p := range practices {
		for _, r := range p.Regions {
			for _, c := range r.OnCall {
				n += c
			}
		}
	}
	return n
}

func (m *Mirror) keepPractices(old []fixturefile.Practice) ([]fixturefile.Practice, []Note) {
	var notes []Note
	out := slices.Clone(m.practices)
	for i, p := range out {
		prev, ok := find(old, func(o fixturefile.Practice) bool { return o.ID == p.ID })
		if !ok {
			continue
		}
		where := "practices.json " + p.ID
		if m.unseen.practiceBrand[p.ID] && prev.Brand != "" {
			out[i].Brand = prev.Brand
			notes = append(notes, Note{where, "brand " + prev.Brand})
		}
		out[i].Regions = slices.Clone(p.Regions)
		for j, r := range p.Regions {
			if was, ok := find(prev.Regions, func(o fixturefile.Region) bool { return strings.EqualFold(o.RegionCode, r.RegionCode) }); ok {
				out[i].Regions[j], notes = m.keepRegion(where, p.ID, r, was, notes)
			}
		}
	}
	return out, notes
}

// keepRegion takes the region's capacity and its guessed on-call counts
// from the existing file; a note names each value that differs from
// what this mirror would have written.
func (m *Mirror) keepRegion(where, practiceID string, r, was fixturefile.Region, notes []Note) (fixturefile.Region, []Note) {
	where += " region " + r.RegionCode
	if was.Capacity != r.Capacity {
		notes = append(notes, Note{where, fmt.Sprintf("capacity %d", was.Capacity)})
	}
	r.OnCall, r.Capacity = maps.Clone(r.OnCall), was.Capacity
	var pools []string
	for _, pool := range m.unseen.pools[practiceID+"|"+strings.ToUpper(r.RegionCode)] {
		if was.OnCall[pool] != r.OnCall[pool] {
			pools = append(pools, fmt.Sprintf("%s %d", pool, was.OnCall[pool]))
		}
		if was.OnCall[pool] == 0 {
			delete(r.OnCall, pool)
		} else {
			r.OnCall[pool] = was.OnCall[pool]
		}
	}
	if len(pools) > 0 {
		notes = append(notes, Note{where, "oncall " + strings.Join(pools, ", ") + " (not seen this time)"})
	}
	return r, notes
}

func (m *Mirror) keepDepartments(old []fixturefile.Department) ([]fixturefile.Department, []Note) {
	var notes []Note
	out := slices.Clone(m.departments)
	for i, d := range out {
		prev, ok := find(old, func(o fixturefile.Department) bool { return o.ID == d.ID && o.EHRSystemName == d.EHRSystemName })
		if !ok {
			continue
		}
		where := "departments.json " + d.ID
		if m.unseen.urlNames[d.ID] && prev.URLName != "" && prev.URLName != d.URLName {
			out[i].URLName = prev.URLName
			notes = append(notes, Note{where, "urlName " + prev.URLName})
		}
		if m.unseen.deptBrands[d.ID] && prev.Brand != "" {
			out[i].Brand = prev.Brand
			notes = append(notes, Note{where, "brand " + prev.Brand})
		}
	}
	return out, notes
}

// keepProviders keeps, for providers the All Providers Report did not
// name, the existing id, email and credentials, and the existing split
// of their name when it spells the same full name.
func (m *Mirror) keepProviders(old fixturefile.Providers) (fixturefile.Providers, []Note) {
	var notes []Note
	out := m.providers
	out.Named = slices.Clone(m.providers.Named)
	for i, p := range out.Named {
		prev, ok := find(old.Named, func(o fixturefile.Provider) bool { return o.NPI == p.NPI })
		if !ok || !m.unseen.providers[p.NPI] {
			continue
		}
		q := &out.Named[i]
		q.ID, q.Email, q.Credentials = prev.ID, prev.Email, prev.Credentials
		if strings.TrimSpace(prev.FirstName+" "+prev.LastName) == strings.TrimSpace(p.FirstName+" "+p.LastName) {
			q.FirstName, q.LastName = prev.FirstName, prev.LastName
		}
		if q.ID != p.ID || q.Email != p.Email || q.Credentials != p.Credentials || q.FirstName != p.FirstName || q.LastName != p.LastName {
			notes = append(notes, Note{"providers.json " + p.NPI, "names, id, email and credentials as the existing file has them"})
		}
	}
	return out, notes
}

func find[T any](list []T, match func(T) bool) (T, bool) {
	if i := slices.IndexFunc(list, match); i >= 0 {
		return list[i], true
	}
	var zero T
	return zero, false
}
