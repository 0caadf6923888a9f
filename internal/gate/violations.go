package gate

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockdex/mockdex/internal/apierr"
)

// Violation is one request validation failure, reduced to what the
// endpoint families' messages need: where, and which rule. It never holds
// the offending value, so no patient data reaches an error body or a log.
type Violation struct {
	In     string           // body, query, path, header
	Path   []string         // within the body, or [param name]
	Rule   string           // required, enum, type, pattern, format, maxLength, ...
	Prop   string           // for required and additionalProperties: the property; for contentType: the accepted types
	Schema *openapi3.Schema // the schema broken, for the rule's words
}

// Error words the violation as DexCare's Node services do (AJV).
func (v *Violation) Error() string { return v.AJV() }

// violationFrom converts a kin-openapi request error.
func violationFrom(err error) error {
	var ve *Violation // strict decoding's own (a repeated or case-variant key)
	if errors.As(err, &ve) {
		return ve
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return apierr.New(apierr.Invalid, "invalid request")
	}
	if re.Parameter != nil {
		return paramViolation(re)
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return schemaViolation("body", nil, se)
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) ||
		re.Err == nil && strings.Contains(re.Reason, "required") {
		return missingBody(re.RequestBody)
	}
	return bodyError(re)
}

func paramViolation(re *openapi3filter.RequestError) *Violation {
	p := re.Parameter
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return schemaViolation(p.In, []string{p.Name}, se)
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return &Violation{In: p.In, Rule: "required", Prop: p.Name}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		// regionCodes= names the parameter but gives it no value.
		return &Violation{In: p.In, Path: []string{p.Name}, Rule: "empty"}
	}
	// A value that does not parse as the declared type (e.g. daysOfSlots=x).
	var schema *openapi3.Schema
	if p.Schema != nil {
		schema = p.Schema.Value
	}
	return &Violation{In: p.In, Path: []string{p.Name}, Rule: "type", Schema: schema}
}

// missingBody reports an absent body as its first required property
// missing, which is how DexCare words it ("'type' is required").
func missingBody(rb *openapi3.RequestBody) *Violation {
	v := &Violation{In: "body", Rule: "required"}
	if rb == nil {
		return v
	}
	for _, mt := range rb.Content {
		if mt.Schema != nil && mt.Schema.Value != nil && len(mt.Schema.Value.Required) > 0 {
			v.Prop = mt.Schema.Value.Required[0]
			v.Schema = mt.Schema.Value
			return v
		}
	}
	return v
}

func schemaViolation(in string, prefix []string, se *openapi3.SchemaError) *Violation {
	path := append(append([]string(nil), prefix...), se.JSONPointer()...)
	v := &Violation{In: in, Path: path, Rule: se.SchemaField, Schema: se.Schema}
	switch se.SchemaField {
	case "required":
		// kin-openapi points at the missing property itself.
		if len(path) > 0 {
			v.Prop, v.Path = path[len(path)-1], path[:len(path)-1]
		}
	case "additionalProperties":
		v.Prop = additionalProp(se)
	case "properties":
		// kin-openapi reports additionalProperties: false under
		// "properties" ("property \"x\" is unsupported").
		if strings.HasSuffix(se.Reason, "is unsupported") {
			v.Rule, v.Prop = "additionalProperties", additionalProp(se)
		}
	case "oneOf":
		// kin-openapi marks the branches' errors with the full path as the
		// oneOf error bubbles up, so the inner pointer is already complete.
		if inner, ok := closestBranch(se); ok {
			return schemaViolation(in, prefix, inner)
		}
	case "allOf":
		// The first part the value breaks says why.
		var inner *openapi3.SchemaError
		if errors.As(se.Origin, &inner) {
			return schemaViolation(in, prefix, inner)
		}
	case "anyOf":
		return anyOfRequired(v, se)
	}
	return v
}

// anyOfRequired words a value that meets none of an anyOf of required
// property sets (Care Options' "where" alternatives): the first property
// the closest set misses, or when no set is begun, the sets themselves.
// kin-openapi keeps no branch errors for anyOf, so the sets are read from
// the schema.
func anyOfRequired(v *Violation, se *openapi3.SchemaError) *Violation {
	obj, _ := se.Value.(map[string]any)
	if obj == nil || se.Schema == nil {
		return v
	}
	var sets [][]string
	best, bestScore := -1, 0
	for i, ref := range se.Schema.AnyOf {
		if ref.Value == nil || len(ref.Value.Required) == 0 {
			return v // a branch that is more than a required set: no better words
		}
		sets = append(sets, ref.Value.Required)
		score := 0
		for _, name := range ref.Value.Required {
			if _, ok := obj[name]; ok {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		v.Rule, v.Prop = "anyOfRequired", requiredSets(sets)
		return v
	}
	for _, name := range sets[best] {
		if _, ok := obj[name]; !ok {
			v.Rule, v.Prop = "required", name
			break
		}
	}
	return v
}

// requiredSets words alternatives: "latitude and longitude, departmentIds or postalCode".
func requiredSets(sets [][]string) string {
	words := make([]string, len(sets))
	for i, set := range sets {
		words[i] = strings.Join(set, " and ")
	}
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func additionalProp(se *openapi3.SchemaError) string {
	// The reason names the property (a key, not a value): property "x" is unsupported.
	if i := strings.Index(se.Reason, `"`); i >= 0 {
		if j := strings.Index(se.Reason[i+1:], `"`); j >= 0 {
			return se.Reason[i+1 : i+1+j]
		}
	}
	return ""
}

// closestBranch picks, for a value that matched no oneOf branch, the
// branch the client most likely meant: the one whose single-valued enums
// (paymentMethod: insurance, declaration: self) the value matches, then
// the one with most of its required properties present. Its error is the
// useful one to report.
func closestBranch(se *openapi3.SchemaError) (*openapi3.SchemaError, bool) {
	branchErrs := oneOfErrors(se.Origin)
	if se.Schema == nil || len(branchErrs) != len(se.Schema.OneOf) {
		return nil, false
	}
	obj, _ := se.Value.(map[string]any)
	best, bestScore := -1, -1
	for i, ref := range se.Schema.OneOf {
		if score := branchScore(ref.Value, obj); score > bestScore {
			best, bestScore = i, score
		}
	}
	var inner *openapi3.SchemaError
	if best < 0 || !errors.As(branchErrs[best], &inner) {
		return nil, false
	}
	return inner, true
}

func oneOfErrors(origin error) []error {
	for e := origin; e != nil; e = errors.Unwrap(e) {
		if me, ok := e.(openapi3.MultiError); ok {
			return me
		}
	}
	return nil
}

func branchScore(s *openapi3.Schema, obj map[string]any) int {
	if s == nil || obj == nil {
		return 0
	}
	score := 0
	for name, p := range s.Properties {
		if p.Value == nil || len(p.Value.Enum) != 1 {
			continue
		}
		if val, ok := obj[name]; ok {
			if val == p.Value.Enum[0] {
				score += 100
			} else {
				score -= 100
			}
		}
	}
	for _, name := range s.Required {
		if _, ok := obj[name]; ok {
			score++
		}
	}
	return score
}

// AJV words the violation as DexCare's Node services do:
// "/requestBody/patient - must have required property 'firstName'".
func (v *Violation) AJV() string {
	loc := "/" + ajvRoot(v.In)
	if len(v.Path) > 0 {
		loc += "/" + strings.Join(v.Path, "/")
	}
	return loc + " - " + ruleText(v, "must have required property '%s'")
}

func ajvRoot(in string) string {
	if in == "body" {
		return "requestBody"
	}
	return in
}

// Quoted words the violation as the reporting service does:
// "'type' is required", "'type' must be one of [virtual, retail]".
func (v *Violation) Quoted() string {
	field := strings.Join(v.Path, ".")
	if v.Rule == "required" || v.Rule == "additionalProperties" {
		field = strings.Join(append(append([]string(nil), v.Path...), nonEmpty(v.Prop)...), ".")
	}
	if field == "" {
		field = "requestBody" // the body itself: null, an array, a string
	}
	switch v.Rule {
	case "required":
		return fmt.Sprintf("'%s' is required", field)
	case "enum":
		return fmt.Sprintf("'%s' must be one of [%s]", field, enumList(v.Schema))
	}
	return fmt.Sprintf("'%s' %s", field, ruleText(v, "must have required property '%s'"))
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func ruleText(v *Violation, requiredFmt string) string {
	s := v.Schema
	switch v.Rule {
	case "required":
		return fmt.Sprintf(requiredFmt, v.Prop)
	case "enum":
		return "must be equal to one of the allowed values: " + enumList(s)
	case "type":
		if s != nil && s.Type != nil && len(s.Type.Slice()) > 0 {
			return "must be " + strings.Join(s.Type.Slice(), ",")
		}
		return "has the wrong type"
	case "pattern":
		if s != nil {
			return fmt.Sprintf("must match pattern %q", s.Pattern)
		}
	case "format":
		if s != nil {
			return fmt.Sprintf("must match format %q", s.Format)
		}
	case "maxLength":
		if s != nil && s.MaxLength != nil {
			return fmt.Sprintf("must NOT have more than %d characters", *s.MaxLength)
		}
	case "minLength":
		if s != nil {
			return fmt.Sprintf("must NOT have fewer than %d characters", s.MinLength)
		}
	case "additionalProperties":
		return fmt.Sprintf("must NOT have additional properties ('%s')", v.Prop)
	case "minimum":
		if s != nil && s.Min != nil {
			return fmt.Sprintf("must be >= %g", *s.Min)
		}
	case "maximum":
		if s != nil && s.Max != nil {
			return fmt.Sprintf("must be <= %g", *s.Max)
		}
	case "maxItems":
		if s != nil && s.MaxItems != nil {
			return fmt.Sprintf("must NOT have more than %d items", *s.MaxItems)
		}
	case "oneOf":
		return "must match exactly one schema in oneOf"
	case "anyOfRequired":
		return "must have " + v.Prop
	case "nullable":
		// null where the schema wants a value: say which kind of value.
		return ruleText(&Violation{Rule: "type", Schema: s}, requiredFmt)
	case "contentType":
		return "must be " + v.Prop
	case "empty":
		return "must not be empty"
	case ruleRepeatedKey:
		return "must not appear more than once in its object"
	case ruleCaseVariant:
		return fmt.Sprintf("must be spelled '%s' (property names are case-sensitive)", v.Prop)
	case "int64":
		return "must be a whole number between -9223372036854775808 and 9223372036854775807"
	}
	return "is invalid (" + v.Rule + ")"
}

func enumList(s *openapi3.Schema) string {
	if s == nil {
		return ""
	}
	vals := make([]string, 0, len(s.Enum))
	for _, e := range s.Enum {
		vals = append(vals, fmt.Sprint(e))
	}
	if len(vals) > 0 && s.Type != nil && s.Type.Is("boolean") {
		sort.Strings(vals)
	}
	return strings.Join(vals, ", ")
}

// Plain words the violation as Care Options' examples do: the field by
// its dotted name, then the rule ("radius is required").
func (v *Violation) Plain() string {
	field := strings.Join(v.Path, ".")
	switch v.Rule {
	case "required":
		return strings.Join(append(append([]string(nil), v.Path...), nonEmpty(v.Prop)...), ".") + " is required"
	case "anyOfRequired":
		return v.Prop + " is required"
	}
	if field == "" {
		field = "requestBody"
	}
	return field + " " + ruleText(v, "must have required property '%s'")
}
