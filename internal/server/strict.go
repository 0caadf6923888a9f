package server

import (
	"bytes"
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
// publishes the operation, in the published file too; it reports every
// failure.
func (s *Server) checkResponse(r *http.Request, route *routers.Route, params map[string]string, b *bufferedResponse) {
	if b.status == http.StatusNotImplemented {
		return // an honest "not built yet" is not a contract breach
	}
	opID := route.Operation.OperationID
	if err := validateBuffered(r, route, params, b); err != nil {
		s.opts.ResponseCheck(opID, b.status, err)
	}
	idx, err := loadPublishedIndex()
	if err != nil {
		s.opts.ResponseCheck(opID, b.status, err)
		return
	}
	pub, ok := idx.lookup(route)
	if !ok || (pub.route.Operation.Responses.Status(b.status) == nil && publishedExempt(opID, b.status)) {
		return
	}
	if err := validateBuffered(r, pub.route, params, b); err != nil {
		s.opts.ResponseCheck(opID, b.status, fmt.Errorf("against the published %s (%s): %w", pub.file, pub.route.Operation.OperationID, err))
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
