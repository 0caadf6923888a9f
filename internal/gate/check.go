package gate

import (
	"context"
	"errors"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/auth"
)

// Check validates in's request against its operation: the body's size
// first, then security (DexCare refuses a bad credential before it reads
// the body), then parameters, then the body. The body is read once
// (bounded) and a JSON body parsed once; every check of it works on that
// parse, which Decode then hands to the handler. now is the mock time
// tokens are judged at. A refusal is an *apierr.Error or a *Violation.
func (g *Gate) Check(in *Input, now time.Time) error {
	memo := g.passed.of(in.Route)
	if !memo.applies(in.r, in.Params) {
		return g.checkFully(in, now)
	}
	if memo.passed(in.r.URL.RawQuery) {
		return nil
	}
	err := g.checkFully(in, now)
	if err == nil {
		memo.remember(in.r.URL.RawQuery, in.Query())
	}
	return err
}

// checkFully is Check without the memo of passed queries.
func (g *Gate) checkFully(in *Input, now time.Time) error {
	raw, err := readBody(in.r, in.Route.Operation)
	if err != nil {
		return err
	}
	in.Raw = raw
	kin := &openapi3filter.RequestValidationInput{
		Request:     in.r,
		PathParams:  in.Params,
		QueryParams: in.Query(),
		Route:       in.Route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				return g.authenticate(ai, in, now)
			},
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
			// The body is checked on its one parse (checkBody), never
			// read again by kin-openapi.
			ExcludeRequestBody: true,
		},
	}
	if err := openapi3filter.ValidateRequest(in.r.Context(), kin); err != nil {
		return refusal(err)
	}
	return g.checkBody(in, kin)
}

// refusal words kin-openapi's verdict on security and parameters.
func refusal(err error) error {
	var sec *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sec) {
		for _, e := range sec.Errors {
			var ae *apierr.Error
			if errors.As(e, &ae) {
				return ae
			}
		}
		return apierr.New(apierr.Unauthorized, "Unauthorized")
	}
	return violationFrom(err)
}

// authenticate checks one security scheme of the operation; a verified
// bearer token's subject goes into in.
func (g *Gate) authenticate(ai *openapi3filter.AuthenticationInput, in *Input, now time.Time) error {
	r := ai.RequestValidationInput.Request
	switch ai.SecuritySchemeName {
	case "ServiceToken":
		if !auth.ServiceToken(r.Header.Get("Authorization"), g.opts.ServiceKey) {
			return apierr.New(apierr.Forbidden, "Authorization failed: bad service token")
		}
	case "ApiKey":
		if !auth.Equal(r.Header.Get("x-api-key"), g.opts.APIKey) {
			return apierr.New(apierr.Unauthorized, "Unauthorized").WithCode("APIKEY_INVALID_OR_MISSING")
		}
	case "CareOptionsKey":
		if !auth.Equal(r.Header.Get("x-api-key"), g.opts.APIKey) {
			return apierr.New(apierr.Forbidden, "Forbidden")
		}
	case "PatientJWT":
		sub, err := g.bearer.Verify(r.Header.Get("Authorization"), now)
		if err != nil {
			return apierr.New(apierr.Unauthorized, "Unauthorized: invalid or expired token")
		}
		in.Subject = sub
	default:
		return apierr.New(apierr.Internal, "unknown security scheme")
	}
	return nil
}
