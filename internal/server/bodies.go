package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockdex/mockdex/internal/apierr"
)

// maxBodyBytes caps a request body. DexCare's gateways refuse large
// bodies; the mock answers 413 instead of reading any amount of client
// data into memory.
const maxBodyBytes = 1 << 20

// errBodyTooLarge answers a body over maxBodyBytes, in the operation's
// error shape. The error writer also closes the connection, so the unread
// rest of the body is never read, nor taken for the next request.
var errBodyTooLarge = apierr.New(apierr.TooLarge, "request body must not be larger than %d bytes", maxBodyBytes).WithField("requestBody")

// errBodyNotJSON answers a body that does not decode as JSON.
var errBodyNotJSON = apierr.InvalidField("requestBody", "request body is not valid JSON")

// errBodyUnreadable answers a body the client stopped sending midway.
var errBodyUnreadable = apierr.InvalidField("requestBody", "request body could not be read")

// JSON bodies must be exactly one JSON value. kin-openapi's own decoder
// (like encoding/json's Decoder) stops after the first value, so
// `{"type":"virtual"}{"x":1}` would pass validation with its tail
// silently dropped, where DexCare's body parser refuses it.
func init() { openapi3filter.RegisterBodyDecoder("application/json", singleJSONDecoder) }

func singleJSONDecoder(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	// decodeStrict refuses what is not one valid JSON value; a scan
	// with json.Valid first would only read the body once more.
	v, err := decodeStrict(data) // numbers stay json.Number, as kin-openapi keeps them
	if err == nil {
		if vi := caseVariant(v, schema, nil); vi != nil {
			err = &violationError{*vi}
		}
	}
	if err != nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	return v, nil
}

// limitBody reads the body of an operation that takes one and refuses it
// when it is over maxBodyBytes: at once when Content-Length says so,
// else after reading one byte past the limit, and never reading further.
// The size is judged before credentials, as a gateway in front of
// DexCare's services would; kin-openapi then reads the body from memory.
func limitBody(r *http.Request, op *openapi3.Operation) error {
	if op.RequestBody == nil || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	if r.ContentLength > maxBodyBytes {
		return errBodyTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return errBodyUnreadable
	}
	if len(data) > maxBodyBytes {
		return errBodyTooLarge
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return nil
}

// bodyError words a request body kin-openapi could not read or decode:
// too large, the wrong media type, or not JSON. It names the body or the
// header, never echoes the content.
func bodyError(re *openapi3filter.RequestError) error {
	switch {
	case re.Reason == "reading failed":
		return errBodyUnreadable
	case strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
		return &violationError{violation{in: "header", path: []string{"Content-Type"}, rule: "contentType", prop: mediaTypes(re)}}
	}
	if re.Input != nil && strings.Contains(re.Input.Request.Header.Get("Content-Type"), "form-urlencoded") {
		return apierr.InvalidField("requestBody", "request body is not a valid form")
	}
	return errBodyNotJSON
}

// mediaTypes lists the media types the operation's body accepts.
func mediaTypes(re *openapi3filter.RequestError) string {
	if re.RequestBody == nil {
		return ""
	}
	types := make([]string, 0, len(re.RequestBody.Content))
	for mt := range re.RequestBody.Content {
		types = append(types, mt)
	}
	sort.Strings(types)
	return strings.Join(types, ", ")
}

// decodeBody decodes a body the spec has already validated into a
// handler's Go type, matching keys to fields exactly (see bodies_strict.go). JSON Schema's integer admits 1.0 and 2e3, which
// encoding/json refuses for an int field, so whole numbers are rewritten
// in integer form first; a whole number beyond int64 is reported as a
// violation naming its field, in the operation's style, never as "not
// valid JSON". (kin-openapi already refuses numbers beyond float64.)
func decodeBody(r *http.Request, into any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return errBodyUnreadable
	}
	raw, ok := validatedJSON(r)
	if !ok {
		raw, err = decodeStrict(data)
	}
	var ve *violationError
	if errors.As(err, &ve) {
		return ve
	} else if err != nil {
		return errBodyNotJSON
	}
	if vi := exactFields(raw, reflect.TypeOf(into), nil); vi != nil {
		return &violationError{*vi}
	}
	// The text is decoded as sent unless a number had to be rewritten:
	// encoding it again would only cost time.
	if raw, rewritten := wholeNumbers(raw); rewritten {
		if data, err = json.Marshal(raw); err != nil {
			return errBodyNotJSON
		}
	}
	var ute *json.UnmarshalTypeError
	if err := json.Unmarshal(data, into); errors.As(err, &ute) {
		return &violationError{violation{in: "body", path: strings.Split(ute.Field, "."), rule: "int64"}}
	} else if err != nil {
		return errBodyNotJSON
	}
	return nil
}

// validatedJSON is the value request validation decoded r's JSON body
// into (with singleJSONDecoder, so already checked strictly), defaults
// filled in; r.Body reads the same value as text. False when validation
// kept none, or decoded the body another way.
func validatedJSON(r *http.Request) (any, bool) {
	vb, ok := r.Body.(interface{ ValidatedValue() any })
	if !ok {
		return nil, false
	}
	mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	if !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		return nil, false
	}
	return vb.ValidatedValue(), true
}

// wholeNumbers rewrites, in place, each number with no fractional part
// that fits an int64 in integer form (2.0 and 2e0 become 2).
func wholeNumbers(v any) (any, bool) {
	rewritten := false
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			var r bool
			t[k], r = wholeNumbers(e)
			rewritten = rewritten || r
		}
	case []any:
		for i, e := range t {
			var r bool
			t[i], r = wholeNumbers(e)
			rewritten = rewritten || r
		}
	case json.Number:
		if _, err := t.Int64(); err == nil {
			return t, false
		}
		if f, err := t.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return json.Number(strconv.FormatInt(int64(f), 10)), true
		}
	}
	return v, rewritten
}
