package mirror

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Config names what of the tier to mirror, by the customer's own
// identifiers. Departments and NPIs are starting points: the mirror also
// takes in every provider Care Options lists in a named department, and
// every department a named provider lists slots in.
type Config struct {
	Practices   []PracticeRef   `json:"practices,omitempty"`
	NPIs        []string        `json:"npis,omitempty"`
	Departments []DepartmentRef `json:"departments,omitempty"`
	// Brands are the health system's brands; the tier shows none of them
	// (a practice or department names no brand in any read-only answer).
	Brands []Brand `json:"brands,omitempty"`
}

// PracticeRef is a virtual practice, by id, and the brand it books under.
// In a config file a bare string is an id.
type PracticeRef struct {
	ID    string `json:"id"`
	Brand string `json:"brand,omitempty"`
}

// DepartmentRef is an in-person department by its EHR department id, its
// url name, or both (a url name alone is matched through the listings of
// providers who work there). Brand and Kind ("clinic" or "retail") are
// the customer's to say; without Kind, a clinicType of "Retail" means a
// retail site. In a config file a bare string is an id.
type DepartmentRef struct {
	ID      string `json:"id,omitempty"`
	URLName string `json:"urlName,omitempty"`
	Brand   string `json:"brand,omitempty"`
	Kind    string `json:"kind,omitempty"`
}

// Brand is a health-system brand, as fixtures' catalog.json lists it.
type Brand = fixturefile.Brand

// UnmarshalJSON reads an object or a bare id.
func (p *PracticeRef) UnmarshalJSON(b []byte) error {
	type plain PracticeRef
	return bareOrObject(b, &p.ID, (*plain)(p))
}

// UnmarshalJSON reads an object or a bare id.
func (d *DepartmentRef) UnmarshalJSON(b []byte) error {
	type plain DepartmentRef
	return bareOrObject(b, &d.ID, (*plain)(d))
}

func bareOrObject(b []byte, id *string, obj any) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		return json.Unmarshal(t, id)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(obj)
}

// LoadConfig reads a config file (JSON; docs/mirror.md shows one).
func LoadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}

// Merge adds o's entries to c (flags on top of a config file).
func (c Config) Merge(o Config) Config {
	c.Practices = append(slices.Clone(c.Practices), o.Practices...)
	c.NPIs = append(slices.Clone(c.NPIs), o.NPIs...)
	c.Departments = append(slices.Clone(c.Departments), o.Departments...)
	c.Brands = append(slices.Clone(c.Brands), o.Brands...)
	return c
}

// Check refuses a config that names nothing to mirror, a brand it does
// not list, or a department kind the mock does not know.
func (c Config) Check() error {
	if len(c.Practices) == 0 && len(c.NPIs) == 0 && len(c.Departments) == 0 {
		return errors.New("nothing to mirror: name practices, NPIs or departments (flags or a config file)")
	}
	brands := map[string]bool{}
	for _, b := range c.Brands {
		if b.Name == "" {
			return errors.New("a brand without a name")
		}
		brands[strings.ToLower(b.Name)] = true
	}
	var errs []error
	for _, p := range c.Practices {
		errs = append(errs, nonEmpty("practice id", p.ID), knownBrand(brands, p.Brand, "practice "+p.ID))
	}
	for _, n := range c.NPIs {
		errs = append(errs, nonEmpty("NPI", n))
	}
	for _, d := range c.Departments {
		errs = append(errs, d.check(brands))
	}
	return errors.Join(errs...)
}

func (d DepartmentRef) check(brands map[string]bool) error {
	name := cmp.Or(d.ID, d.URLName)
	switch {
	case name == "":
		return errors.New("a department needs an id or a urlName")
	case d.Kind != "" && d.Kind != "clinic" && d.Kind != "retail":
		return fmt.Errorf("department %s: kind %q, want clinic or retail", name, d.Kind)
	}
	return knownBrand(brands, d.Brand, "department "+name)
}

func nonEmpty(what, v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("an empty %s", what)
	}
	return nil
}

func knownBrand(brands map[string]bool, b, who string) error {
	if b != "" && !brands[strings.ToLower(b)] {
		return fmt.Errorf("%s: brand %q is not among the brands listed", who, b)
	}
	return nil
}

// soleBrand is the one brand listed, which every practice and department
// without a brand of its own gets.
func (c Config) soleBrand() string {
	if len(c.Brands) == 1 {
		return c.Brands[0].Name
	}
	return ""
}
