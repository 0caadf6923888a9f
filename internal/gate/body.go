package gate

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockdex/mockdex/internal/apierr"
)

// MaxBody caps a request body. DexCare's gateways refuse large bodies;
// the mock answers 413 instead of reading any amount of client data into
// memory.
const MaxBody = 1 << 20

// ErrBodyTooLarge answers a body over MaxBody, in the operation's error
// shape. The error writer also closes the connection, so the unread rest
// of the body is never read, nor taken for the next request.
var ErrBodyTooLarge = apierr.New(apierr.TooLarge, "request body must not be larger than %d bytes", MaxBody).WithField("requestBody")

// errBodyNotJSON answers a body that does not decode as JSON.
var errBodyNotJSON = apierr.InvalidField("requestBody", "request body is not valid JSON")

// errBodyUnreadable answers a body the client stopped sending midway.
var errBodyUnreadable = apierr.InvalidField("requestBody", "request body could not be read")

// errFormUnreadable answers a form body that does not decode.
var errFormUnreadable = apierr.InvalidField("requestBody", "request body is not a valid form")

// JSON bodies must be exactly one JSON value. kin-openapi's own decoder
// (like encoding/json's Decoder) stops after the first value, so
// `{"type":"virtual"}{"x":1}` would pass with its tail silently dropped,
// where DexCare's body parser refuses it. Request bodies are parsed by
// checkBody; kin-openapi still decodes the mock's own JSON answers
// (CheckResponse) with this.
func init() { openapi3filter.RegisterBodyDecoder("application/json", singleJSONDecoder) }

func singleJSONDecoder(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	v, err := parseJSON(data, schema)
	if err != nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	return v, nil
}

// parseJSON parses data as one JSON value (numbers kept as json.Number,
// as kin-openapi keeps them), refusing a repeated key and a key schema
// declares only in another case.
func parseJSON(data []byte, schema *openapi3.SchemaRef) (any, error) {
	// decodeStrict refuses what is not one valid JSON value; a scan
	// with json.Valid first would only read the body once more.
	v, err := decodeStrict(data)
	if err != nil {
		return nil, err
	}
	if vi := caseVariant(v, schema, nil); vi != nil {
		return nil, vi
	}
	return v, nil
}

// readBody reads the body of an operation that takes one, refusing it
// when it is over MaxBody: at once when Content-Length says so, else
// after reading one byte past the limit, and never reading further. The
// size is judged before credentials, as a gateway in front of DexCare's
// services would. It is the one read of the body: every later look at it
// works on these bytes.
func readBody(r *http.Request, op *openapi3.Operation) ([]byte, error) {
	if op.RequestBody == nil || r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > MaxBody {
		return nil, ErrBodyTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, errBodyUnreadable
	}
	if len(data) > MaxBody {
		return nil, ErrBodyTooLarge
	}
	return data, nil
}

// checkBody checks the body read against the operation's, as
// kin-openapi's ValidateRequestBody would (presence, media type, schema
// with defaults filled in), but on one parse: a JSON body is parsed here
// once and kept in in for Decode. Any other media type (the retail form)
// is left to kin-openapi, reading the bytes already read.
func (g *Gate) checkBody(in *Input, kin *openapi3filter.RequestValidationInput) error {
	ref := in.Route.Operation.RequestBody
	if ref == nil || ref.Value == nil {
		return nil
	}
	rb := ref.Value
	if len(in.Raw) == 0 {
		if rb.Required {
			return missingBody(rb)
		}
		return nil
	}
	if len(rb.Content) == 0 {
		return nil
	}
	ct := in.r.Header.Get("Content-Type")
	mt := rb.Content.Get(ct)
	if mt == nil {
		return &Violation{In: "header", Path: []string{"Content-Type"}, Rule: "contentType", Prop: mediaTypes(rb)}
	}
	if mt.Schema == nil {
		return nil
	}
	if !isJSON(ct) {
		in.r.Body = io.NopCloser(bytes.NewReader(in.Raw))
		if err := openapi3filter.ValidateRequestBody(in.r.Context(), kin, rb); err != nil {
			return violationFrom(err)
		}
		return nil
	}
	v, err := parseJSON(in.Raw, mt.Schema)
	if err != nil {
		var vi *Violation
		if errors.As(err, &vi) {
			return vi
		}
		return errBodyNotJSON
	}
	err = mt.Schema.Value.VisitJSON(v, openapi3.VisitAsRequest(), openapi3.DefaultsSet(func() {}), openapi3.EnableFormatValidation())
	if err != nil {
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			return schemaViolation("body", nil, se)
		}
		return errBodyNotJSON
	}
	in.body, in.parsed = v, true
	return nil
}

// isJSON says a Content-Type is application/json, parameters aside.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

// bodyError words a request body kin-openapi could not read or decode:
// the wrong media type, or not the form or JSON it should be. It names
// the body or the header, never echoes the content.
func bodyError(re *openapi3filter.RequestError) error {
	switch {
	case re.Reason == "reading failed":
		return errBodyUnreadable
	case strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
		return &Violation{In: "header", Path: []string{"Content-Type"}, Rule: "contentType", Prop: mediaTypes(re.RequestBody)}
	}
	if re.Input != nil && strings.Contains(re.Input.Request.Header.Get("Content-Type"), "form-urlencoded") {
		return errFormUnreadable
	}
	return errBodyNotJSON
}

// mediaTypes lists the media types the operation's body accepts.
func mediaTypes(rb *openapi3.RequestBody) string {
	if rb == nil {
		return ""
	}
	types := make([]string, 0, len(rb.Content))
	for mt := range rb.Content {
		types = append(types, mt)
	}
	sort.Strings(types)
	return strings.Join(types, ", ")
}

// Form is the request's form body, parsed from the bytes Check read,
// with the error http.Request.ParseForm would give (a bad form or a bad
// query): no handler reads the body a second time.
func (in *Input) Form() (url.Values, error) {
	form := url.Values{}
	ct := in.r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	mt, _, err := mime.ParseMediaType(ct)
	if mt == "application/x-www-form-urlencoded" {
		var perr error
		if form, perr = url.ParseQuery(string(in.Raw)); err == nil {
			err = perr
		}
	}
	if _, qerr := url.ParseQuery(in.r.URL.RawQuery); err == nil {
		err = qerr
	}
	return form, err
}
