package server

import (
	"bytes"
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
// declared responses (status included) and reports any failure.
func (s *Server) checkResponse(r *http.Request, route *routers.Route, params map[string]string, b *bufferedResponse) {
	switch b.status {
	case http.StatusNotImplemented, http.StatusRequestEntityTooLarge:
		// An honest "not built yet", and the refusal of an oversized body
		// (a gateway's answer in front of every operation), are not
		// breaches of an operation's contract.
		return
	}
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
	if err := openapi3filter.ValidateResponse(r.Context(), in); err != nil {
		captureOf(r).FlagResponse()
		s.opts.ResponseCheck(route.Operation.OperationID, b.status, err)
	}
}
