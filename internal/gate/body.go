package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

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
	// The walk appends each key's path to one buffer; a violation copies
	// the path it keeps (pathTo).
	if vi := caseVariant(v, schema, make([]string, 0, 32)); vi != nil {
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
	data, err := readAllSized(io.LimitReader(r.Body, MaxBody+1), r.ContentLength)
	if err != nil {
		return nil, errBodyUnreadable
	}
	if len(data) > MaxBody {
		return nil, ErrBodyTooLarge
	}
	return data, nil
}

// readAllSized is io.ReadAll starting from the size the request
// announced, so a body is read into one buffer instead of one grown by
// copies. The start is capped: a client announcing a megabyte and
// sending nothing holds no megabyte.
func readAllSized(r io.Reader, announced int64) ([]byte, error) {
	const maxStart = 64 << 10
	size := 512
	if announced >= 0 {
		size = int(min(announced, maxStart)) + 1 // +1: the EOF is read without growing
	}
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
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
	if fastValid(mt.Schema.Value, v) {
		in.body, in.parsed = v, true
		return nil
	}
	// Not surely valid: kin-openapi judges and words it, on a parse the
	// fast check has not filled defaults into.
	if v, err = parseJSON(in.Raw, mt.Schema); err != nil {
		return errBodyNotJSON // parsed once already: cannot happen
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

// Request bodies are read as DexCare's JavaScript services read them,
// where a property name is exact: Go's encoding/json matches keys to
// struct fields ignoring case and keeps the last of repeated keys, so
// {"visitReason":"ok","visitreason":"<5,000 characters>"} would pass the
// spec (which checks visitReason) and store the other value. Here a key
// repeated in one object, or spelled like a declared property in another
// case, is refused with its path named; an undeclared property is left to
// the schema (refused, named, where additionalProperties is false).

// errRepeatedKey and friends are the rules strict decoding adds; the
// violation's prop holds the declared spelling for a case variant.
const (
	ruleRepeatedKey = "repeatedKey"
	ruleCaseVariant = "caseVariant"
)

// decodeStrict parses one JSON value with numbers kept as json.Number
// (fastParse first: fastjson.go),
// refusing a key repeated within an object. A repeat makes a decoded
// object smaller than its text, so the fast path only compares the count
// of keys in the text (colons outside strings) with the count decoded;
// the token-by-token walk that names the repeated key runs only then.
func decodeStrict(data []byte) (any, error) {
	if v, ok := fastParse(data); ok {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a single JSON value")
	}
	if keysInText(data) != keysDecoded(v) {
		return locateRepeatedKey(data)
	}
	return v, nil
}

// keysInText counts the colons outside strings of valid JSON: one per
// object member.
func keysInText(data []byte) int {
	n, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == ':':
			n++
		}
	}
	return n
}

func keysDecoded(v any) int {
	n := 0
	switch t := v.(type) {
	case map[string]any:
		n += len(t)
		for _, e := range t {
			n += keysDecoded(e)
		}
	case []any:
		for _, e := range t {
			n += keysDecoded(e)
		}
	}
	return n
}

// locateRepeatedKey walks the text token by token to name the first key
// repeated within its object.
func locateRepeatedKey(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return strictValue(dec, nil)
}

func strictValue(dec *json.Decoder, path []string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		return strictObject(dec, path)
	case json.Delim('['):
		return strictArray(dec, path)
	}
	return tok, nil
}

func strictObject(dec *json.Decoder, path []string) (any, error) {
	obj := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string) // the decoder only yields strings as keys
		if _, seen := obj[key]; seen {
			return nil, &Violation{In: "body", Path: pathTo(path, key), Rule: ruleRepeatedKey}
		}
		if obj[key], err = strictValue(dec, append(path, key)); err != nil {
			return nil, err
		}
	}
	_, err := dec.Token() // the closing brace
	return obj, err
}

func strictArray(dec *json.Decoder, path []string) (any, error) {
	arr := []any{}
	for i := 0; dec.More(); i++ {
		v, err := strictValue(dec, append(path, itoa(i)))
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	_, err := dec.Token() // the closing bracket
	return arr, err
}

// pathTo is a fresh copy of path with key appended: walks share one
// backing array, a violation keeps its own.
func pathTo(path []string, key string) []string {
	return append(append(make([]string, 0, len(path)+1), path...), key)
}

// caseVariant finds a key of v that the schema does not declare but
// declares in another case ("visitreason" beside "visitReason"). The
// common case, no such key, walks without sorting; when there is one, the
// walk is repeated in key order so the same one is named every time.
func caseVariant(v any, ref *openapi3.SchemaRef, path []string) *Violation {
	if caseVariantIn(v, ref, path, false) == nil {
		return nil
	}
	return caseVariantIn(v, ref, path, true)
}

func caseVariantIn(v any, ref *openapi3.SchemaRef, path []string, sorted bool) *Violation {
	if ref == nil || ref.Value == nil {
		return nil
	}
	switch t := v.(type) {
	case map[string]any:
		return objectCaseVariant(t, ref.Value, path, sorted)
	case []any:
		items := arrayItems(ref.Value)
		for i, e := range t {
			if vi := caseVariantIn(e, items, append(path, itoa(i)), sorted); vi != nil {
				return vi
			}
		}
	}
	return nil
}

func objectCaseVariant(obj map[string]any, s *openapi3.Schema, path []string, sorted bool) *Violation {
	if sorted {
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			if vi := keyCaseVariant(obj, s, key, path, sorted); vi != nil {
				return vi
			}
		}
		return nil
	}
	for key := range obj {
		if vi := keyCaseVariant(obj, s, key, path, sorted); vi != nil {
			return vi
		}
	}
	return nil
}

// keyCaseVariant checks one key of obj: a case variant when s declares
// it only in another case, else the value under each schema declaring it.
func keyCaseVariant(obj map[string]any, s *openapi3.Schema, key string, path []string, sorted bool) *Violation {
	found, vi := declaredCaseVariant(obj[key], s, key, path, sorted)
	if !found {
		if name := foldedProperty(s, key); name != "" {
			return &Violation{In: "body", Path: pathTo(path, key), Rule: ruleCaseVariant, Prop: name}
		}
	}
	return vi
}

// declaredCaseVariant walks the schemas that s (itself or in its allOf,
// oneOf and anyOf branches) declares for the property name, checking v
// under each until one finds a case variant. found says whether any
// declares it.
func declaredCaseVariant(v any, s *openapi3.Schema, name string, path []string, sorted bool) (found bool, vi *Violation) {
	if s == nil {
		return false, nil
	}
	decls := declarationsOf(s)[name]
	for _, p := range decls {
		if vi = caseVariantIn(v, p, append(path, name), sorted); vi != nil {
			break
		}
	}
	return len(decls) > 0, vi
}

// declarations maps each schema's property names to the schemas that
// declare them, itself first and then its allOf, oneOf and anyOf branches
// depth first: the order the first case variant is looked for in. Built
// once per schema of the process's one spec (a fixed set), it spares the
// walk of every branch for every key of every body.
var declarations sync.Map // *openapi3.Schema → map[string][]*openapi3.SchemaRef

func declarationsOf(s *openapi3.Schema) map[string][]*openapi3.SchemaRef {
	if m, ok := declarations.Load(s); ok {
		return m.(map[string][]*openapi3.SchemaRef)
	}
	m := map[string][]*openapi3.SchemaRef{}
	collectDeclarations(s, m, map[*openapi3.Schema]bool{})
	declarations.Store(s, m)
	return m
}

func collectDeclarations(s *openapi3.Schema, m map[string][]*openapi3.SchemaRef, onPath map[*openapi3.Schema]bool) {
	if s == nil || onPath[s] {
		return
	}
	onPath[s] = true
	defer delete(onPath, s)
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		m[name] = append(m[name], s.Properties[name])
	}
	for _, group := range [...]openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range group {
			if b != nil {
				collectDeclarations(b.Value, m, onPath)
			}
		}
	}
}

// foldedProperty is the first property s declares (in name order) that
// equals key when case is ignored, or "".
func foldedProperty(s *openapi3.Schema, key string) string {
	if s == nil {
		return ""
	}
	if name := foldedMatch(key, s.Properties); name != "" {
		return name
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range group {
			if b == nil {
				continue
			}
			if name := foldedProperty(b.Value, key); name != "" {
				return name
			}
		}
	}
	return ""
}

func arrayItems(s *openapi3.Schema) *openapi3.SchemaRef {
	if s.Items != nil {
		return s.Items
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range group {
			if b != nil && b.Value != nil && b.Value.Items != nil {
				return b.Value.Items
			}
		}
	}
	return nil
}

func foldedMatch[V any](key string, names map[string]V) string {
	best := ""
	for name := range names {
		if strings.EqualFold(name, key) && (best == "" || name < best) {
			best = name
		}
	}
	return best
}

func itoa(i int) string { return strconv.Itoa(i) }
