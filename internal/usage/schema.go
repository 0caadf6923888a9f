package usage

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxSchemaDepth bounds the walk through allOf/oneOf/anyOf, so a
// recursive schema cannot loop.
const maxSchemaDepth = 8

// MapKey is the path token every key of a map-like object folds into
// (Care Options' providers by NPI): its keys are data, not field names.
const MapKey = "{key}"

// ArrayItem is the path token every element of an array folds into.
const ArrayItem = "[]"

// branches are the schemas s is composed of.
func branches(s *openapi3.Schema) []*openapi3.SchemaRef {
	out := make([]*openapi3.SchemaRef, 0, len(s.AllOf)+len(s.OneOf)+len(s.AnyOf))
	out = append(out, s.AllOf...)
	out = append(out, s.OneOf...)
	return append(out, s.AnyOf...)
}

// declared finds key among s's properties, its branches' included. A
// key several branches declare (billingInfo's paymentMethod, one enum per
// oneOf branch) is all of their schemas at once.
func declared(s *openapi3.Schema, key string, depth int) *openapi3.Schema {
	found := declaredAll(s, key, depth, nil)
	switch len(found) {
	case 0:
		return nil
	case 1:
		return found[0].Value
	}
	return &openapi3.Schema{AnyOf: found}
}

func declaredAll(s *openapi3.Schema, key string, depth int, found openapi3.SchemaRefs) openapi3.SchemaRefs {
	if s == nil || depth > maxSchemaDepth {
		return found
	}
	if ref, ok := s.Properties[key]; ok && ref != nil && ref.Value != nil {
		found = append(found, ref)
	}
	for _, b := range branches(s) {
		found = declaredAll(b.Value, key, depth+1, found)
	}
	return found
}

// hasProperties reports whether s (or a branch) declares any property.
func hasProperties(s *openapi3.Schema, depth int) bool {
	if s == nil || depth > maxSchemaDepth {
		return false
	}
	if len(s.Properties) > 0 {
		return true
	}
	for _, b := range branches(s) {
		if hasProperties(b.Value, depth+1) {
			return true
		}
	}
	return false
}

// mapValues is the schema of a map-like object's values: s declares no
// property, only additionalProperties. ok is false for anything else.
func mapValues(s *openapi3.Schema) (*openapi3.Schema, bool) {
	if s == nil || hasProperties(s, 0) {
		return nil, false
	}
	ap := s.AdditionalProperties
	if ap.Schema != nil {
		return ap.Schema.Value, true
	}
	return nil, ap.Has != nil && *ap.Has
}

// items is the schema of an array's elements.
func items(s *openapi3.Schema, depth int) *openapi3.Schema {
	if s == nil || depth > maxSchemaDepth {
		return nil
	}
	if s.Items != nil {
		return s.Items.Value
	}
	for _, b := range branches(s) {
		if it := items(b.Value, depth+1); it != nil {
			return it
		}
	}
	return nil
}

// plainName matches a key that reads as a field name (camelCase, at most
// two digits): a key the spec does not declare is kept only if it is one.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,39}$`)

func fieldLike(k string) bool {
	digits := 0
	for _, r := range k {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits <= 2 && plainName.MatchString(k)
}

// child is the path token of an object's key and the schema of its
// value: the key itself where the schema declares it, MapKey for a map's
// keys, and for an undeclared key its name only when it reads as one.
func child(s *openapi3.Schema, key string) (string, *openapi3.Schema) {
	ck := childKey{s, key}
	if c, ok := childCache.Load(ck); ok {
		r := c.(childResult)
		return r.token, r.schema
	}
	tok, cs := lookupChild(s, key)
	// A key that folds into MapKey is data (an NPI, an id): caching it
	// would grow with the data. Declared names are the spec's, bounded.
	if tok != MapKey && childCached.Load() < maxChildCache {
		if _, loaded := childCache.LoadOrStore(ck, childResult{tok, cs}); !loaded {
			childCached.Add(1)
		}
	}
	return tok, cs
}

// childCache remembers child's answers: the fold asks the same question
// of the same schema for every request, and the answer is the spec's.
// Shared by every index (its keys are schema pointers), bounded.
var (
	childCache  sync.Map // childKey → childResult
	childCached atomic.Int64
)

const maxChildCache = 1 << 14

type childKey struct {
	s   *openapi3.Schema
	key string
}

type childResult struct {
	token  string
	schema *openapi3.Schema
}

func lookupChild(s *openapi3.Schema, key string) (string, *openapi3.Schema) {
	if c := declared(s, key, 0); c != nil {
		return key, c
	}
	if vs, ok := mapValues(s); ok {
		return MapKey, vs
	}
	if fieldLike(key) {
		return key, nil
	}
	return MapKey, nil
}

// allowed is the set of values the schema enumerates (as text): its enum,
// true and false for a boolean, its elements' for an array; nil when the
// values are free.
func allowed(s *openapi3.Schema, depth int) map[string]bool {
	if s == nil || depth > maxSchemaDepth {
		return nil
	}
	if len(s.Enum) > 0 {
		out := make(map[string]bool, len(s.Enum))
		for _, v := range s.Enum {
			if t, ok := text(v); ok {
				out[t] = true
			}
		}
		return out
	}
	if s.Type != nil && s.Type.Is("boolean") {
		return map[string]bool{"true": true, "false": true}
	}
	if s.Type != nil && s.Type.Is("array") {
		return allowed(items(s, 0), depth+1)
	}
	var out map[string]bool
	for _, b := range branches(s) {
		for v := range allowed(b.Value, depth+1) {
			if out == nil {
				out = map[string]bool{}
			}
			out[v] = true
		}
	}
	return out
}

// text is a scalar JSON (or YAML) value as the profile writes it.
func text(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}

// escape writes a key as a JSON pointer token.
func escape(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}
