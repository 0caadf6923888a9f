package usage

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockdex/mockdex/internal/redact"
)

// Synthetic values, by form: recognisable as the contract runner's own
// data ("Contract Check", docs/contract.md), never an app's.
const (
	syntheticText     = "contract-check"
	syntheticDate     = "2024-06-03"
	syntheticDateTime = "2024-06-03T16:00:00Z"
	syntheticGUID     = "c0c0c0c0-0000-4000-8000-000000000001"
)

// syntheticByName are values for personal fields, by folded name, that
// look like what they are so a tier accepts them.
var syntheticByName = map[string]string{
	"firstname": "Contract", "lastname": "Check", "fullname": "Contract Check", "patientname": "Contract Check",
	"preferredname": "Contract", "middlename": "C", "email": "contract.check@example.org",
	"emailaddress": "contract.check@example.org", "phone": "2065550100", "phonenumber": "2065550100",
	"mobilephone": "2065550100", "line1": "1 Contract Check Way", "line2": "Suite 1", "city": "Seattle",
	"state": "WA", "postalcode": "98104", "zip": "98104", "zipcode": "98104", "dateofbirth": "1980-01-01",
	"birthdate": "1980-01-01", "dob": "1980-01-01", "visitreason": "mockdex contract check: replay",
	"reason": "mockdex contract check: replay", "couponcode": "CONTRACTCHECK",
}

// synthetic is a value of the schema's kind for a field named name: the
// first enum member, or a made-up value of its type and format.
func synthetic(s *openapi3.Schema, name string) any {
	if v, ok := syntheticByName[redact.Fold(name)]; ok && (s == nil || s.Type == nil || s.Type.Is("string")) {
		return v
	}
	if s == nil {
		return syntheticText
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case s.Type == nil:
		return syntheticText
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1
	case s.Type.Is("array"):
		return []any{synthetic(items(s, 0), name)}
	case s.Type.Is("object"):
		return map[string]any{}
	}
	return syntheticString(s)
}

func syntheticString(s *openapi3.Schema) string {
	v := syntheticText
	switch s.Format {
	case "date":
		v = syntheticDate
	case "date-time":
		v = syntheticDateTime
	case "uuid":
		v = syntheticGUID
	case "email":
		v = "contract.check@example.org"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// mostSent is the value sent most often (the smallest among equals).
func mostSent(values map[string]int64) (string, bool) {
	best, n := "", int64(-1)
	for _, v := range slices.Sorted(maps.Keys(values)) {
		if values[v] > n {
			best, n = v, values[v]
		}
	}
	return best, n >= 0
}

// asKind turns an enum member's text back into the JSON type the schema
// gives it, for a body.
func asKind(s *openapi3.Schema, v string) any {
	if s != nil {
		for _, m := range s.Enum {
			if t, ok := text(m); ok && t == v {
				return m
			}
		}
		if s.Type != nil && s.Type.Is("boolean") {
			return v == "true"
		}
	}
	return strings.Clone(v)
}
