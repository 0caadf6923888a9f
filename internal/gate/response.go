package gate

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

// CheckResponse validates an answer to in (its status, headers and
// body) against the operation's declared responses, in our spec and,
// where DexCare publishes the operation, in the published file too. Every
// failure is joined into one error; nil when the answer holds.
func (g *Gate) CheckResponse(in *Input, status int, header http.Header, body []byte) error {
	switch status {
	case http.StatusNotImplemented, http.StatusRequestEntityTooLarge:
		// An honest "not built yet", and the refusal of an oversized body
		// (a gateway's answer in front of every operation), are not
		// breaches of an operation's contract.
		return nil
	}
	route := in.Route
	errs := []error{validateResponse(in, route, status, header, body)}
	idx, err := loadPublishedIndex()
	errs = append(errs, err)
	if pub, ok := idx.lookup(route); ok && !(pub.route.Operation.Responses.Status(status) == nil && publishedExempt(route.Operation.OperationID, status)) {
		if err := validateResponse(in, pub.route, status, header, body); err != nil {
			errs = append(errs, fmt.Errorf("against the published %s (%s): %w", pub.file, pub.route.Operation.OperationID, err))
		}
	}
	return errors.Join(errs...)
}

func validateResponse(in *Input, route *routers.Route, status int, header http.Header, body []byte) error {
	kin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: in.r, PathParams: in.Params, Route: route,
		},
		Status: status,
		Header: header,
		Body:   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
		},
	}
	return openapi3filter.ValidateResponse(in.r.Context(), kin)
}
