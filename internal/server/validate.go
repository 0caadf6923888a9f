package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/auth"
)

// validateRequest checks the body's size, then security (DexCare refuses
// a bad credential before it reads the body), then parameters and body.
func (s *Server) validateRequest(r *http.Request, route *routers.Route, params map[string]string, c *callInfo) error {
	memo := s.passed.of(route)
	if !memo.applies(r, params) {
		return s.validateFully(r, route, params, c)
	}
	if memo.passed(r.URL.RawQuery) {
		return nil
	}
	err := s.validateFully(r, route, params, c)
	if err == nil {
		memo.remember(r.URL.RawQuery, query(r))
	}
	return err
}

// validateFully is validateRequest without the memo of passed queries.
func (s *Server) validateFully(r *http.Request, route *routers.Route, params map[string]string, c *callInfo) error {
	in := &openapi3filter.RequestValidationInput{
		Request:     r,
		PathParams:  params,
		QueryParams: query(r),
		Route:       route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				return s.authenticate(ai, c)
			},
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
			// The handler decodes the value validated (decodeBody), not the
			// text a second time.
			KeepValidatedValue: true,
		},
	}
	if err := limitBody(r, route.Operation); err != nil {
		return err
	}
	err := openapi3filter.ValidateRequest(r.Context(), in)
	if err == nil {
		return nil
	}
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

// verdict is what the journal notes of a validation result: "" when the
// request passed, else the refusal's message (it names fields, never
// echoes their values).
func verdict(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// authenticate checks one security scheme of the operation.
func (s *Server) authenticate(ai *openapi3filter.AuthenticationInput, c *callInfo) error {
	r := ai.RequestValidationInput.Request
	switch ai.SecuritySchemeName {
	case "ServiceToken":
		if !auth.ServiceToken(r.Header.Get("Authorization"), s.opts.ServiceKey) {
			return apierr.New(apierr.Forbidden, "Authorization failed: bad service token")
		}
	case "ApiKey":
		if !auth.Equal(r.Header.Get("x-api-key"), s.opts.APIKey) {
			return apierr.New(apierr.Unauthorized, "Unauthorized").WithCode("APIKEY_INVALID_OR_MISSING")
		}
	case "CareOptionsKey":
		if !auth.Equal(r.Header.Get("x-api-key"), s.opts.APIKey) {
			return apierr.New(apierr.Forbidden, "Forbidden")
		}
	case "PatientJWT":
		sub, err := s.bearer.Verify(r.Header.Get("Authorization"), c.now)
		if err != nil {
			return apierr.New(apierr.Unauthorized, "Unauthorized: invalid or expired token")
		}
		c.subject = sub
	default:
		return apierr.New(apierr.Internal, "unknown security scheme")
	}
	return nil
}
