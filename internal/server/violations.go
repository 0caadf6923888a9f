package server

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockdex/mockdex/internal/apierr"
)

// violation is one request validation failure, reduced to what the
// endpoint families' messages need: where, and which rule. It never holds
// the offending value, so no patient data reaches an error body or a log.
type violation struct {
	in     string   // body, query, path, header
	path   []string // within the body, or [param name]
	rule   string   // required, enum, type, pattern, format, maxLength, ...
	prop   string   // for required and additionalProperties: the property; for contentType: the accepted types
	schema *openapi3.Schema
}

// violationError carries a violation to the error writer.
type violationError struct{ v violation }

func (e *violationError) Error() string { return ajvMessage(e.v) }

// violationFrom converts a kin-openapi request error.
func violationFrom(err error) error {
	var ve *violationError // strict decoding's own (a repeated or case-variant key)
	if errors.As(err, &ve) {
		return ve
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return apierr.New(apierr.Invalid, "invalid request")
	}
	if re.Parameter != nil {
		return &violationError{paramViolation(re)}
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return &violationError{schemaViolation("body", nil, se)}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) ||
		re.Err == nil && strings.Contains(re.Reason, "required") {
		return &violationError{missingBody(re)}
	}
	return bodyError(re)
}

func paramViolation(re *openapi3filter.RequestError) violation {
	p := re.Parameter
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return schemaViolation(p.In, []string{p.Name}, se)
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return violation{in: p.In, rule: "required", prop: p.Name}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		// regionCodes= names the parameter but gives it no value.
		return violation{in: p.In, path: []string{p.Name}, rule: "empty"}
	}
	// A value that does not parse as the declared type (e.g. daysOfSlots=x).
	var schema *openapi3.Schema
	if p.Schema != nil {
		schema = p.Schema.Value
	}
	return violation{in: p.In, path: []string{p.Name}, rule: "type", schema: schema}
}

// missingBody reports an absent body as its first required property
// missing, which is how DexCare words it ("'type' is required").
func missingBody(re *openapi3filter.RequestError) violation {
	v := violation{in: "body", rule: "required"}
	if re.RequestBody == nil {
		return v
	}
	for _, mt := range re.RequestBody.Content {
		if mt.Schema != nil && mt.Schema.Value != nil && len(mt.Schema.Value.Required) > 0 {
			v.prop = mt.Schema.Value.Required[0]
			v.schema = mt.Schema.Value
			return v
		}
	}
	return v
}

func schemaViolation(in string, prefix []string, se *openapi3.SchemaError) violation {
	path := append(append([]string(nil), prefix...), se.JSONPointer()...)
	v := violation{in: in, path: path, rule: se.SchemaField, schema: se.Schema}
	switch se.SchemaField {
	case "required":
		// kin-openapi points at the missing property itself.
		if len(path) > 0 {
			v.prop, v.path = path[len(path)-1], path[:len(path)-1]
		}
	case "additionalProperties":
		v.prop = additionalProp(se)
	case "properties":
		// kin-openapi reports additionalProperties: false under
		// "properties" ("property \"x\" is unsupported").
		if strings.HasSuffix(se.Reason, "is unsupported") {
			v.rule, v.prop = "additionalProperties", additionalProp(se)
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
func anyOfRequired(v violation, se *openapi3.SchemaError) violation {
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
		v.rule, v.prop = "anyOfRequired", requiredSets(sets)
		return v
	}
	for _, name := range sets[best] {
		if _, ok := obj[name]; !ok {
			v.rule, v.prop = "required", name
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

// ajvMessage words a violation as DexCare's Node services do:
// "/requestBody/patient - must have required property 'firstName'".
func ajvMessage(v violation) string {
	loc := "/" + ajvRoot(v.in)
	if len(v.path) > 0 {
		loc += "/" + strings.Join(v.path, "/")
	}
	return loc + " - " + ruleText(v, "must have required property '%s'")
}

func ajvRoot(in string) string {
	if in == "body" {
		return "requestBody"
	}
	return in
}

// quotedMessage words a violation as the reporting service does:
// "'type' is required", "'type' must be one of [virtual, retail]".
func quotedMessage(v violation) string {
	field := strings.Join(v.path, ".")
	if v.rule == "required" || v.rule == "additionalProperties" {
		field = strings.Join(append(append([]string(nil), v.path...), nonEmpty(v.prop)...), ".")
	}
	if field == "" {
		field = "requestBody" // the body itself: null, an array, a string
	}
	switch v.rule {
	case "required":
		return fmt.Sprintf("'%s' is required", field)
	case "enum":
		return fmt.Sprintf("'%s' must be one of [%s]", field, enumList(v.schema))
	}
	return fmt.Sprintf("'%s' %s", field, ruleText(v, "must have required property '%s'"))
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func ruleText(v violation, requiredFmt string) string {
	s := v.schema
	switch v.rule {
	case "required":
		return fmt.Sprintf(requiredFmt, v.prop)
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
		return fmt.Sprintf("must NOT have additional properties ('%s')", v.prop)
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
		return "must have " + v.prop
	case "nullable":
		// null where the schema wants a value: say which kind of value.
		return ruleText(violation{rule: "type", schema: s}, requiredFmt)
	case "contentType":
		return "must be " + v.prop
	case "empty":
		return "must not be empty"
	case ruleRepeatedKey:
		return "must not appear more than once in its object"
	case ruleCaseVariant:
		return fmt.Sprintf("must be spelled '%s' (property names are case-sensitive)", v.prop)
	case "int64":
		return "must be a whole number between -9223372036854775808 and 9223372036854775807"
	}
	return "is invalid (" + v.rule + ")"
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
