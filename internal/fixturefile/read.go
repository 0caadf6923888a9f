package fixturefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
	_ "time/tzdata" // region and clinic time zones must resolve on minimal images
)

// The files of a fixtures directory.
const (
	PracticesFile   = "practices.json"
	DepartmentsFile = "departments.json"
	ProvidersFile   = "providers.json"
	PatientsFile    = "patients.json"
	CatalogFile     = "catalog.json"
	SettingsFile    = "settings.json"
	PostalCodesFile = "postalcodes.json" // optional: older directories lack it
)

// MaxFileBytes bounds each file Read and Decode take in (the default
// world's largest is a few kilobytes; a mirrored tier's, tens).
const MaxFileBytes = 64 << 20

// maxFileBytes is MaxFileBytes, lowered by the test of the bound.
var maxFileBytes = MaxFileBytes

// Set is a fixtures directory, read.
type Set struct {
	Practices   []Practice
	Departments []Department
	Providers   Providers
	Patients    []Patient
	Catalog     Catalog
	Settings    Settings
	// PostalCodes places the postal codes Care Options searches may name;
	// nil when the directory has no postalcodes.json.
	PostalCodes map[string]GeoPoint
}

// Read reads a fixtures directory: every file strictly, then the checks
// that span files (time zones, hours, the departments providers work
// in). The first problem is the error, an *Error naming file and field.
func Read(fsys fs.FS) (*Set, error) {
	s := &Set{}
	for _, f := range []struct {
		name string
		into any
	}{
		{PracticesFile, &s.Practices}, {DepartmentsFile, &s.Departments}, {ProvidersFile, &s.Providers},
		{PatientsFile, &s.Patients}, {CatalogFile, &s.Catalog}, {SettingsFile, &s.Settings},
	} {
		if err := Decode(fsys, f.name, f.into); err != nil {
			return nil, err
		}
	}
	if _, err := fs.Stat(fsys, PostalCodesFile); !errors.Is(err, fs.ErrNotExist) {
		if err := Decode(fsys, PostalCodesFile, &s.PostalCodes); err != nil {
			return nil, err
		}
	}
	if err := s.resolve(); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// Decode reads one file of fsys into into, a pointer to the file's type
// ([]Practice for practices.json, and so on): at most MaxFileBytes, one
// JSON value and nothing after it, no field the type does not have.
func Decode(fsys fs.FS, name string, into any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return &Error{File: name, Err: unwrapPath(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(maxFileBytes)+1))
	if err != nil {
		return &Error{File: name, Err: unwrapPath(err)}
	}
	if len(data) > maxFileBytes {
		return &Error{File: name, Err: fmt.Errorf("is larger than %d bytes, the most a fixture file may hold", maxFileBytes)}
	}
	return decode(name, data, into)
}

// unwrapPath drops fs.PathError's op and path: Error names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// resolve loads the regions' and departments' time zones and parses the
// regions' hours, once.
func (s *Set) resolve() error {
	for i := range s.Practices {
		for j := range s.Practices[i].Regions {
			if field, err := s.Practices[i].Regions[j].resolve(); err != nil {
				return &Error{File: PracticesFile, Field: fmt.Sprintf("[%d].regions[%d].%s", i, j, field), Err: err}
			}
		}
	}
	for i := range s.Departments {
		d := &s.Departments[i]
		loc, err := time.LoadLocation(d.Timezone)
		if err != nil {
			return &Error{File: DepartmentsFile, Field: fmt.Sprintf("[%d].timezone", i), Err: fmt.Errorf("department %s: %w", d.ID, err)}
		}
		d.loc = loc
	}
	return nil
}

// resolve loads the region's time zone and parses its hours; a refusal
// says which of the two fields is at fault.
func (r *Region) resolve() (field string, err error) {
	if r.loc, err = time.LoadLocation(r.Timezone); err != nil {
		return "timezone", fmt.Errorf("region %s: %w", r.RegionCode, err)
	}
	if r.openMin, r.closeMin, err = ParseHours(r.Hours); err != nil {
		return "hours", fmt.Errorf("region %s: %w", r.RegionCode, err)
	}
	r.hoursParsed = true
	return "", nil
}

// check refuses what no single file can (a provider working in a
// department departments.json does not list, a directory without a
// practice) and generated providers that cannot be made.
func (s *Set) check() error {
	depts := map[string]bool{}
	for _, d := range s.Departments {
		depts[d.ID] = true
	}
	for i, p := range s.Providers.Named {
		for j, d := range p.Departments {
			if !depts[d] {
				return &Error{File: ProvidersFile, Field: fmt.Sprintf("named[%d].departments[%d]", i, j),
					Err: fmt.Errorf("provider %s works in unknown department %s", p.NPI, d)}
			}
		}
	}
	g := s.Providers.Generated
	switch {
	case g.Count < 0:
		return &Error{File: ProvidersFile, Field: "generated.count", Err: fmt.Errorf("is %d, want 0 or more", g.Count)}
	case g.Count > 0 && len(g.Credentials) == 0:
		return &Error{File: ProvidersFile, Field: "generated.credentials", Err: errors.New("is empty; generated providers are dealt credentials from it")}
	}
	for i, d := range g.InPersonDepartments[:min(g.Count, len(g.InPersonDepartments))] {
		if !depts[d] {
			return &Error{File: ProvidersFile, Field: fmt.Sprintf("generated.inPersonDepartments[%d]", i),
				Err: fmt.Errorf("generated provider %d works in unknown department %s", i, d)}
		}
	}
	if len(s.Practices) == 0 {
		return &Error{File: PracticesFile, Err: errors.New("no practices")}
	}
	return nil
}
