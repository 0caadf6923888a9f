package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Vars are the values a scenario's steps read ({name}) and capture.
type Vars map[string]string

// Defaults are the identities of mockdex's fixture world. Against a real
// tier, override them (the contract command reads DEXCARE_PATIENT_GUID and
// friends) with identities that exist there.
func Defaults() Vars {
	return Vars{
		"patientGuid":       "233441f4-129f-4d0e-afaa-b3009dbe80c7",
		"otherPatientGuid":  "f36af515-09ba-4551-a5c2-e6680fc41886",
		"ehrPatientGuid":    "5c1e0f3a-8b7d-4c2e-9a6f-3d4b5c6e7f80",
		"ehrIdentifier":     "M123456",
		"ehrIdentifierType": "MRN",
		"homeEhr":           "MAM",
		"practiceId":        "6996d161-cd16-4556-9577-f942c3f80c80",
		"regionCode":        "WA",
		"brand":             "providence",
		"npi":               "1629394572",
		"postalCode":        "98104",
		"unknownGuid":       "0badc0de-0000-4000-8000-00000000c0de",
	}
}

// clockVars are computed from the target's notion of now for each step.
func clockVars(now time.Time) Vars {
	now = now.UTC()
	return Vars{
		"now":         now.Format(time.RFC3339),
		"hourAgo":     now.Add(-time.Hour).Format(time.RFC3339),
		"sixHoursAgo": now.Add(-6 * time.Hour).Format(time.RFC3339),
		"weekAgo":     now.Add(-7 * 24 * time.Hour).Format(time.RFC3339),
		"twoWeeksAgo": now.Add(-14 * 24 * time.Hour).Format(time.RFC3339),
		"today":       now.Format("2006-01-02"),
		"tomorrow":    now.Add(24 * time.Hour).Format("2006-01-02"),
		"inFourDays":  now.Add(4 * 24 * time.Hour).Format("2006-01-02"),
		"inWeek":      now.Add(7 * 24 * time.Hour).Format("2006-01-02"),
	}
}

var placeholder = regexp.MustCompile(`\{([A-Za-z][A-Za-z0-9]*)\}`)

// expand replaces {name} with its value; an unknown name is an error, so a
// capture that never happened cannot turn into a literal "{visitId}".
func (v Vars) expand(s string) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		val, ok := v[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		return val
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("no value for {%s}", strings.Join(missing, "}, {"))
	}
	return out, nil
}

// expandAny walks a JSON-shaped value and expands every string in it.
func (v Vars) expandAny(x any) (any, error) {
	switch t := x.(type) {
	case string:
		return v.expand(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			ex, err := v.expandAny(e)
			if err != nil {
				return nil, err
			}
			out[k] = ex
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			ex, err := v.expandAny(e)
			if err != nil {
				return nil, err
			}
			out[i] = ex
		}
		return out, nil
	default:
		return x, nil
	}
}

// Lookup resolves an RFC 6901 JSON pointer in a decoded JSON value.
func Lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// scalar renders a captured JSON value as the string a path or body uses.
func scalar(x any) string {
	switch t := x.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(t)
	}
}

// clockVar reports whether name is one of the clock's vars, which every
// step has.
func clockVar(name string) bool {
	_, ok := clockVars(time.Time{})[name]
	return ok
}
