package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// careRow is one thing a Care Options answer offers (a provider in a
// department, or one provider option of a slot) with the values each
// filter reads from it, by attribute name.
type careRow struct {
	key   string
	attrs map[string][]string
}

// matches reports whether any of the row's values of attr equals want,
// ignoring case.
func (r careRow) matches(attr, want string) bool {
	return slices.ContainsFunc(r.attrs[attr], func(v string) bool { return strings.EqualFold(v, want) })
}

// The attributes a Care Options filter narrows.
const (
	attrNPI        = "npi"
	attrDepartment = "departmentId"
	attrEHR        = "ehrInstance"
	attrClinicType = "clinicType"
	attrSpecialty  = "specialty"
	attrGender     = "gender"
	attrVisitType  = "visitTypeName"
	attrStart      = "slotDateTime" // not a filter: when a slot starts
)

// providerRows reads a providers search's answer: one row per provider
// and department.
func providerRows(body any) ([]careRow, error) {
	results, ok := arrayAt(body, "/results")
	if !ok {
		return nil, fmt.Errorf("no array at /results")
	}
	rows := make([]careRow, 0, len(results))
	for _, res := range results {
		r := careRow{attrs: map[string][]string{}}
		for _, a := range []string{attrNPI, attrDepartment, attrEHR, attrClinicType, attrGender} {
			r.attrs[a] = stringsAt(res, "/"+a)
		}
		r.attrs[attrSpecialty] = stringsAt(res, "/specialties")
		vts, _ := arrayAt(res, "/visitTypes")
		for _, vt := range vts {
			r.attrs[attrVisitType] = append(r.attrs[attrVisitType], stringsAt(vt, "/visitTypeName")...)
		}
		r.key = strings.Join([]string{first(r.attrs[attrNPI]), first(r.attrs[attrEHR]), first(r.attrs[attrDepartment])}, "|")
		rows = append(rows, r)
	}
	return rows, nil
}

// slotRows reads an aggregated slots answer: one row per slot time and
// provider option, its provider's and department's values looked up in
// the answer's providers and departments maps.
func slotRows(body any) ([]careRow, error) {
	slots, ok := arrayAt(body, "/slots")
	if !ok {
		return nil, fmt.Errorf("no array at /slots")
	}
	providers, _ := Lookup(body, "/providers")
	departments, _ := Lookup(body, "/departments")
	var rows []careRow
	for _, sl := range slots {
		at, name := first(stringsAt(sl, "/slotDateTime")), stringsAt(sl, "/visitTypeName")
		opts, _ := arrayAt(sl, "/providerOptions")
		for _, o := range opts {
			npi, dept := first(stringsAt(o, "/npi")), first(stringsAt(o, "/departmentEhrIdentifier"))
			p, _ := Lookup(providers, "/"+pointerToken(npi))
			d, _ := Lookup(departments, "/"+pointerToken(dept))
			rows = append(rows, careRow{key: strings.Join([]string{at, first(name), npi, dept}, "|"), attrs: map[string][]string{
				attrNPI: {npi}, attrVisitType: name, attrStart: {at},
				attrSpecialty: stringsAt(p, "/specialties"), attrGender: stringsAt(p, "/gender"),
				attrDepartment: stringsAt(d, "/departmentId"), attrEHR: stringsAt(d, "/ehrInstance"), attrClinicType: stringsAt(d, "/clinicType"),
			}})
		}
	}
	return rows, nil
}

func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func arrayAt(doc any, ptr string) ([]any, bool) {
	v, ok := Lookup(doc, ptr)
	arr, isArr := v.([]any)
	return arr, ok && isArr
}

// stringsAt reads a string, or an array's strings, at ptr.
func stringsAt(doc any, ptr string) []string {
	v, _ := Lookup(doc, ptr)
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// keysOf lists the rows' keys, sorted.
func keysOf(rows []careRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.key
	}
	slices.Sort(out)
	return slices.Compact(out)
}
