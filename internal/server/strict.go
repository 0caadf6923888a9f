package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Pages answer text/html, which kin-openapi cannot decode by default;
// read such bodies as plain strings so strict mode checks their status and
// content type like any other response.
func init() { openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder) }

// checkResponse validates a buffered response against the operation's
// declared responses (status included), in our spec and, where DexCare
// publishes the operation, in the published file too; it reports once
// per response, every failure joined.
func (s *Server) checkResponse(r *http.Request, route *routers.Route, params map[string]string, b *bufferedResponse) {
	switch b.status {
	case http.StatusNotImplemented, http.StatusRequestEntityTooLarge:
		// An honest "not built yet", and the refusal of an oversized body
		// (a gateway's answer in front of every operation), are not
		// breaches of an operation's contract.
		return
	}
	errs := []error{validateBuffered(r, route, params, b)}
	idx, err := loadPublishedIndex()
	errs = append(errs, err)
	if pub, ok := idx.lookup(route); ok && !(pub.route.Operation.Responses.Status(b.status) == nil && publishedExempt(route.Operation.OperationID, b.status)) {
		if err := validateBuffered(r, pub.route, params, b); err != nil {
			errs = append(errs, fmt.Errorf("against the published %s (%s): %w", pub.file, pub.route.Operation.OperationID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		captureOf(r).FlagResponse()
		s.opts.ResponseCheck(route.Operation.OperationID, b.status, err)
	}
}

func validateBuffered(r *http.Request, route *routers.Route, params map[string]string, b *bufferedResponse) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
		},
		Status: b.status,
		Header: b.header,
		Body:   io.NopCloser(bytes.NewReader(b.body.Bytes())),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
		},
	}
	return openapi3filter.ValidateResponse(r.Context(), in)
}
