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

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Validator checks responses against an OpenAPI document with
// libopenapi-validator in strict mode (undeclared properties reported even
// where the schema allows extras) with format assertions on.
type Validator struct {
	v validator.Validator
}

// NewValidator compiles the spec (YAML or JSON).
func NewValidator(specDoc []byte) (*Validator, error) {
	doc, err := libopenapi.NewDocument(specDoc)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	v, errs := validator.NewValidator(doc, config.WithStrictMode(), config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, fmt.Errorf("compile spec: %v", errs[0])
	}
	return &Validator{v: v}, nil
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
		out = append(out, fromValidationError(e)...)
	}
	return out
}

func fromValidationError(e *verrors.ValidationError) []Finding {
	if e.ValidationType == verrors.StrictValidationType {
		return []Finding{newFinding(RuleUndeclaredField, strictPointer(e.Message), "not in the spec", "present",
			"the response carries a property the spec does not declare")}
	}
	if len(e.SchemaValidationErrors) == 0 {
		return []Finding{newFinding(RuleSchemaViolation, "", "", "", safeMessage(e.Message))}
	}
	var out []Finding
	for _, f := range e.SchemaValidationErrors {
		ptr := instancePointer(f)
		if names := additionalProps(f.Reason); len(names) > 0 {
			// The schema says additionalProperties: false, so the extra
			// field breaks the contract rather than merely extending it.
			for _, n := range names {
				fd := newFinding(RuleUndeclaredField, ptr+"/"+n, "not in the spec", "present",
					"the response carries a property the spec forbids (additionalProperties: false)")
				fd.Severity = Breaking
				out = append(out, fd)
			}
			continue
		}
		out = append(out, newFinding(RuleSchemaViolation, ptr, "", "", safeMessage(f.Reason)))
	}
	return out
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
	return "/" + strings.ReplaceAll(p, ".", "/")
}

func instancePointer(f *verrors.SchemaValidationFailure) string {
	if len(f.InstancePath) == 0 {
		return ""
	}
	return "/" + strings.Join(f.InstancePath, "/")
}

// additionalProps reads the property names out of an "additional
// properties 'a', 'b' not allowed" reason.
func additionalProps(reason string) []string {
	if !strings.Contains(reason, "additional") {
		return nil
	}
	var out []string
	for _, m := range additionalName.FindAllStringSubmatch(reason, -1) {
		out = append(out, m[1])
	}
	return out
}

var identifier = regexp.MustCompile(`^["'][A-Za-z_][A-Za-z0-9_]{0,39}["']$`)

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
