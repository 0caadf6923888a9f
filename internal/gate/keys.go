package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

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

// decodeStrict parses one JSON value with numbers kept as json.Number,
// refusing a key repeated within an object. A repeat makes a decoded
// object smaller than its text, so the fast path only compares the count
// of keys in the text (colons outside strings) with the count decoded;
// the token-by-token walk that names the repeated key runs only then.
func decodeStrict(data []byte) (any, error) {
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
// declares it. It recurses rather than taking a callback: it runs for
// every key of every body, and a closure per key is an allocation.
func declaredCaseVariant(v any, s *openapi3.Schema, name string, path []string, sorted bool) (found bool, vi *Violation) {
	if s == nil {
		return false, nil
	}
	if p, ok := s.Properties[name]; ok {
		found, vi = true, caseVariantIn(v, p, append(path, name), sorted)
	}
	for _, group := range [...]openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range group {
			if b == nil {
				continue
			}
			f, bvi := declaredCaseVariant(v, b.Value, name, path, sorted)
			found = found || f
			if vi == nil {
				vi = bvi
			}
		}
	}
	return found, vi
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
