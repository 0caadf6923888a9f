package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"go.yaml.in/yaml/v3"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Validator checks responses against an OpenAPI document with
// libopenapi-validator in strict mode (undeclared properties reported even
// where the schema allows extras) with format assertions on.
type Validator struct {
	v      validator.Validator
	strict bool
	// declared holds every property name the spec declares anywhere. The
	// v0.14.0 strict walker does not resolve some anyOf-of-allOf schemas
	// (DexCare's published wait-time items are one) and calls their
	// declared properties undeclared; such reports are kept as info.
	declared map[string]bool
}

// NewValidator compiles the spec (YAML or JSON) for strict checks.
func NewValidator(specDoc []byte) (*Validator, error) { return newValidator(specDoc, true) }

// newValidator compiles a spec; strict reports undeclared properties even
// where the schema allows extras (right for our own spec, noise for
// DexCare's published files, which leave most objects open).
func newValidator(specDoc []byte, strict bool) (*Validator, error) {
	doc, err := libopenapi.NewDocument(specDoc)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("compile spec: %w", err)
	}
	fillServerVariables(&model.Model)
	opts := []config.Option{config.WithFormatAssertions()}
	if strict {
		opts = append(opts, config.WithStrictMode())
	}
	v := validator.NewValidatorFromV3Model(&model.Model, opts...)
	return &Validator{v: v, strict: strict, declared: declaredNames(specDoc)}, nil
}

// fillServerVariables puts each server variable's default into its URL.
// DexCare's files template the host (https://api.{customerShorthand}…/v5);
// left templated, the validator cannot strip the /v5 base path and finds
// no operation for any request.
func fillServerVariables(doc *v3.Document) {
	for _, srv := range doc.Servers {
		if srv.Variables == nil {
			continue
		}
		for name, sv := range srv.Variables.FromOldest() {
			srv.URL = strings.ReplaceAll(srv.URL, "{"+name+"}", sv.Default)
		}
	}
}

// declaredNames collects the keys of every "properties" map in the spec.
func declaredNames(specDoc []byte) map[string]bool {
	var root any
	if yaml.Unmarshal(specDoc, &root) != nil {
		return nil
	}
	names := map[string]bool{}
	var walk func(any)
	walk = func(n any) {
		switch t := n.(type) {
		case map[string]any:
			for k, v := range t {
				if props, ok := v.(map[string]any); ok && k == "properties" {
					for name := range props {
						names[name] = true
					}
				}
				walk(v)
			}
		case []any:
			for _, v := range t {
				walk(v)
			}
		}
	}
	walk(root)
	return names
}

// Check validates one exchange's response and returns its findings
// (undeclared-field or schema-violation). Messages name fields, never
// values.
func (v *Validator) Check(x scenarios.Exchange) []Finding {
	u, err := url.Parse(x.URL)
	if err != nil {
		return nil
	}
	req := &http.Request{Method: x.Method, URL: u, Header: x.Header, Host: u.Host}
	resp := &http.Response{StatusCode: x.Status, Header: x.RespHeader, Body: io.NopCloser(bytes.NewReader(x.RespBody)), Request: req}
	ok, errs := v.v.ValidateHttpResponse(req, resp)
	if ok {
		return nil
	}
	var out []Finding
	for _, e := range errs {
		for _, f := range fromValidationError(e) {
			if f.Rule == RuleUndeclaredField && f.Severity == Warning && v.declared[e.ParameterName] {
				f.Severity = Info
				f.Message = "strict mode calls this property undeclared, but the spec declares it (likely under anyOf/allOf the validator does not resolve)"
			}
			out = append(out, f)
		}
	}
	return out
}

func fromValidationError(e *verrors.ValidationError) []Finding {
	if e.ValidationType == verrors.StrictValidationType {
		if mapKey(e) {
			return nil
		}
		return []Finding{newFinding(RuleUndeclaredField, strictPointer(e.Message), "not in the spec", "present",
			"the response carries a property the spec does not declare")}
	}
	if len(e.SchemaValidationErrors) == 0 {
		return []Finding{newFinding(RuleSchemaViolation, "", "", "", safeMessage(e.Message))}
	}
	var out []Finding
	for _, f := range closestBranches(e.SchemaValidationErrors) {
		out = append(out, fromSchemaFailure(f)...)
	}
	return out
}

// mapKey reports whether strict mode flagged a key of an object whose
// schema declares no property at all, only additionalProperties: a map
// (Care Options' providers by NPI, departments by EHR id), whose keys
// are data, not fields. Strict mode reports them by design.
func mapKey(e *verrors.ValidationError) bool {
	return e.ValidationSubType == verrors.StrictSubTypeProperty && strings.HasSuffix(e.Reason, "Declared properties: []")
}

func fromSchemaFailure(f *verrors.SchemaValidationFailure) []Finding {
	ptr := instancePointer(f)
	branch := branchNote(f.KeywordLocation)
	if names := quotedNames(f.Reason, "additional"); len(names) > 0 {
		// The schema says additionalProperties: false, so the extra
		// field breaks the contract rather than merely extending it.
		var out []Finding
		for _, n := range names {
			fd := newFinding(RuleUndeclaredField, ptr+"/"+n, "not in the spec", "present",
				"the response carries a property the spec forbids (additionalProperties: false)"+branch)
			fd.Severity = Breaking
			out = append(out, fd)
		}
		return out
	}
	if names := quotedNames(f.Reason, "missing propert"); len(names) > 0 {
		var out []Finding
		for _, n := range names {
			out = append(out, newFinding(RuleSchemaViolation, ptr+"/"+n, "present (required)", "absent", "a required property is missing"+branch))
		}
		return out
	}
	return []Finding{newFinding(RuleSchemaViolation, ptr, "", "", safeMessage(f.Reason)+branch)}
}

// branchKey matches a keyword location inside one branch of a oneOf or
// anyOf: the composition's location and the branch number.
var branchKey = regexp.MustCompile(`^(.*/(?:oneOf|anyOf))/(\d+)(/|$)`)

// closestBranches keeps, for every oneOf/anyOf a value failed, only the
// failures of the branch that came closest for that value (the fewest
// failures): the branch the value was meant for, told by the fields that
// did not change. An unavailable wait time whose date changed form fails
// the available branch on its reason and its missing estimate, and its
// own branch on the date alone: only the date is reported. Each value is
// judged on its own (one list may hold both kinds). The other branches'
// failures, and the composition's own "no branch matched", would each be
// a finding of the same cause.
func closestBranches(fs []*verrors.SchemaValidationFailure) []*verrors.SchemaValidationFailure {
	type value struct{ comp, at string } // a composition, and the value it judged
	valueOf := func(f *verrors.SchemaValidationFailure, comp string) value {
		depth := min(instanceDepth(comp), len(f.InstancePath))
		return value{comp, instanceKey(f.InstancePath[:depth])}
	}
	perBranch := map[value]map[string]int{} // value → branch → failures
	explained := map[string]bool{}          // compositions some branch failure explains
	for _, f := range fs {
		if m := branchKey.FindStringSubmatch(f.KeywordLocation); m != nil {
			v := valueOf(f, m[1])
			if perBranch[v] == nil {
				perBranch[v] = map[string]int{}
			}
			perBranch[v][m[2]]++
			explained[m[1]] = true
		}
	}
	best := map[value]string{}
	for v, branches := range perBranch {
		for b, n := range branches {
			if cur, ok := best[v]; !ok || n < branches[cur] || n == branches[cur] && b < cur {
				best[v] = b
			}
		}
	}
	var out []*verrors.SchemaValidationFailure
	for _, f := range fs {
		if m := branchKey.FindStringSubmatch(f.KeywordLocation); m != nil {
			if best[valueOf(f, m[1])] == m[2] {
				out = append(out, f)
			}
			continue
		}
		if isComposition(f.KeywordLocation) && explained[f.KeywordLocation] {
			continue // "doesn't validate with any branch": the branch's failures say why
		}
		out = append(out, f)
	}
	return out
}

// instanceDepth is how many steps into the instance a schema keyword
// location reaches: each property, item or additional property the
// schema descends into is one; $ref and the branches of allOf, oneOf
// and anyOf are none.
func instanceDepth(keyword string) int {
	toks := strings.Split(strings.Trim(keyword, "/"), "/")
	depth := 0
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "properties", "patternProperties", "prefixItems":
			i++ // the property's name, the pattern, the index
			depth++
		case "items", "additionalProperties", "additionalItems", "contains":
			depth++
		}
	}
	return depth
}

func isComposition(keyword string) bool {
	return strings.HasSuffix(keyword, "/oneOf") || strings.HasSuffix(keyword, "/anyOf")
}

func instanceKey(path []string) string { return strings.Join(path, "/") }

// branchNote names the branch a failure belongs to, for the message.
func branchNote(keyword string) string {
	m := branchKey.FindStringSubmatch(keyword)
	if m == nil {
		return ""
	}
	return fmt.Sprintf(" (as branch %s of %s, the closest)", m[2], m[1][strings.LastIndex(m[1], "/")+1:])
}

var (
	strictPath     = regexp.MustCompile(`at '\$\.body\.?([^']*)'`)
	additionalName = regexp.MustCompile(`'([^']+)'`)
	quotedValue    = regexp.MustCompile(`("[^"]*"|'[^']*')`)
)

// strictPointer turns "... at '$.body.a.b' ..." into "/a/b".
func strictPointer(msg string) string {
	m := strictPath.FindStringSubmatch(msg)
	if m == nil || m[1] == "" {
		return ""
	}
	p := strings.NewReplacer("[", ".", "]", "").Replace(m[1])
	return generalize("/" + strings.ReplaceAll(strings.TrimPrefix(p, "."), ".", "/"))
}

// generalize folds array indices into "*", as the diff does, so one
// problem in every element of a list is one finding.
func generalize(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if t != "" && strings.Trim(t, "0123456789") == "" {
			toks[i] = "*"
		}
	}
	return strings.Join(toks, "/")
}

func instancePointer(f *verrors.SchemaValidationFailure) string {
	if len(f.InstancePath) == 0 {
		return ""
	}
	return generalize("/" + strings.Join(f.InstancePath, "/"))
}

// quotedNames reads the property names out of a reason such as
// "additional properties 'a', 'b' not allowed" or "missing properties:
// 'a'", when the reason contains marker.
func quotedNames(reason, marker string) []string {
	if !strings.Contains(reason, marker) {
		return nil
	}
	var out []string
	for _, m := range additionalName.FindAllStringSubmatch(reason, -1) {
		out = append(out, m[1])
	}
	return out
}

// identifier matches quoted property names and paths, which are kept.
var identifier = regexp.MustCompile(`^["']([A-Za-z_][A-Za-z0-9_]{0,39}|/[A-Za-z0-9_/{}.-]*)["']$`)

// safeMessage drops quoted values from a validator message (a format
// error quotes the offending value, which may be patient data) but keeps
// quoted property names. Names that happen to be patient values are
// caught later by the report's Scrubber.
func safeMessage(msg string) string {
	return quotedValue.ReplaceAllStringFunc(msg, func(q string) string {
		if identifier.MatchString(q) {
			return q
		}
		return "…"
	})
}
