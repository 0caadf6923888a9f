package gate

import (
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// A request body is checked first by a validator compiled once from its
// schema, which only ever says "valid" or "not sure". A valid body (the
// common case) is then accepted without kin-openapi's walk, which tries a
// oneOf branch by branch, each on a deep copy, and builds an error for
// every branch that fails; anything else (a refusal, or a schema using a
// keyword the compiled form does not know) goes to kin-openapi on a fresh
// parse, so a refusal is worded exactly as before. The compiled form
// mirrors kin-openapi's OpenAPI 3.0 rules for the keywords it knows,
// including defaults filled in on a request (fastcheck_test.go holds the
// two to the same verdict and the same filled-in value).

// fastNode is one compiled schema. kin, when set, is a schema the
// compiled form does not know: its subtree is checked by kin-openapi.
type fastNode struct {
	kin *openapi3.Schema

	types    *openapi3.Types
	nullable bool
	empty    bool // kin-openapi's IsEmpty: any value but null passes
	enum     []any

	minLength uint64
	maxLength *uint64
	pattern   *regexp.Regexp
	format    string

	min, max *float64

	items              *fastNode
	minItems           uint64
	maxItems           *uint64
	props              map[string]*fastNode
	required           []string
	defaults           []fastDefault
	enumProps          []fastEnum // properties with an enum (surelyRefuses)
	closed             bool       // additionalProperties: false
	additional         *fastNode
	oneOf, allOf       []*fastNode
	hasOneOf, hasAllOf bool
}

type fastDefault struct {
	name  string
	value any
}

type fastEnum struct {
	name string
	enum []any
}

// kinOptions are the options checkBody gives kin-openapi, for the
// subtrees the compiled form leaves to it. FailFast: only the verdict
// counts there, a refusal is worded by the full run.
var kinOptions = []openapi3.SchemaValidationOption{
	openapi3.VisitAsRequest(), openapi3.DefaultsSet(func() {}),
	openapi3.EnableFormatValidation(), openapi3.FailFast(),
}

// fastSchemas holds the compiled form of each request body schema of the
// process's one spec (a fixed set), or nil where none can be made.
var fastSchemas sync.Map // *openapi3.Schema → *fastNode

// fastValid says v is surely valid against s, defaults filled in as
// kin-openapi fills them. false means "not sure": v may then hold
// defaults a failed branch filled in, so the caller checks a fresh parse.
func fastValid(s *openapi3.Schema, v any) bool {
	n, ok := fastSchemas.Load(s)
	if !ok {
		n, _ = fastSchemas.LoadOrStore(s, compileFast(s))
	}
	fn := n.(*fastNode)
	return fn != nil && fn.valid(v)
}

// compileFast compiles s, or returns nil for a schema the compiled form
// must not judge at all: a recursive one, or one using readOnly or
// writeOnly (kin-openapi lets those change which properties are
// required, looking at the schemas around the one visited).
func compileFast(s *openapi3.Schema) *fastNode {
	c := fastCompiler{onPath: map[*openapi3.Schema]bool{}}
	n := c.compile(s)
	if c.refused {
		return nil
	}
	return n
}

type fastCompiler struct {
	onPath  map[*openapi3.Schema]bool
	refused bool
}

func (c *fastCompiler) ref(r *openapi3.SchemaRef) *fastNode {
	if r == nil || r.Value == nil {
		c.refused = true
		return nil
	}
	return c.compile(r.Value)
}

func (c *fastCompiler) compile(s *openapi3.Schema) *fastNode {
	if c.onPath[s] || s.ReadOnly || s.WriteOnly {
		c.refused = true
		return nil
	}
	c.onPath[s] = true
	defer delete(c.onPath, s)
	if !fastKnown(s) {
		return &fastNode{kin: s}
	}
	n := &fastNode{
		types: s.Type, nullable: s.Nullable || s.Type.IncludesNull(), empty: s.IsEmpty(), enum: s.Enum,
		minLength: s.MinLength, maxLength: s.MaxLength, format: s.Format,
		min: s.Min, max: s.Max, minItems: s.MinItems, maxItems: s.MaxItems,
		required: s.Required, hasOneOf: len(s.OneOf) > 0, hasAllOf: len(s.AllOf) > 0,
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return &fastNode{kin: s}
		}
		n.pattern = re
	}
	if s.Items != nil {
		n.items = c.ref(s.Items)
	}
	if len(s.Properties) > 0 {
		n.props = make(map[string]*fastNode, len(s.Properties))
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			p := s.Properties[name]
			n.props[name] = c.ref(p)
			if pn := n.props[name]; pn != nil && pn.kin == nil && len(pn.enum) > 0 {
				n.enumProps = append(n.enumProps, fastEnum{name, pn.enum})
			}
			if p != nil && p.Value != nil && p.Value.Default != nil {
				n.defaults = append(n.defaults, fastDefault{name, p.Value.Default})
			}
		}
	}
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		n.closed = true
	}
	if s.AdditionalProperties.Schema != nil {
		n.additional = c.ref(s.AdditionalProperties.Schema)
	}
	for _, b := range s.OneOf {
		n.oneOf = append(n.oneOf, c.ref(b))
	}
	for _, b := range s.AllOf {
		n.allOf = append(n.allOf, c.ref(b))
	}
	return n
}

// fastKnown says every keyword s uses is one the compiled form judges
// as kin-openapi does: it clears those on a copy and asks whether
// anything is left, so a keyword added to kin-openapi later is left to
// kin-openapi rather than ignored.
func fastKnown(s *openapi3.Schema) bool {
	if s.Format != "" && !(s.Type != nil && s.Type.Is(openapi3.TypeString)) {
		return false // number formats are left to kin-openapi
	}
	if s.Pattern != "" && patRewritten.MatchString(s.Pattern) {
		return false // kin-openapi rewrites \uXXXX before compiling
	}
	c := *s
	c.Extensions, c.Origin = nil, nil
	c.Title, c.Description, c.Example, c.ExternalDocs, c.Deprecated, c.XML = "", "", nil, nil, false, nil
	c.Type, c.Format, c.Enum, c.Default, c.Nullable = nil, "", nil, nil, false
	c.MinLength, c.MaxLength, c.Pattern = 0, nil, ""
	c.Min, c.Max = nil, nil
	c.Items, c.MinItems, c.MaxItems = nil, 0, nil
	c.Required, c.Properties, c.AdditionalProperties = nil, nil, openapi3.AdditionalProperties{}
	c.OneOf, c.AllOf = nil, nil
	return reflect.ValueOf(c).IsZero()
}

// patRewritten is what kin-openapi rewrites in a pattern before compiling it.
var patRewritten = regexp.MustCompile(`\\u[0-9A-F]{4}`)

// valid follows kin-openapi's visitJSON: null, the empty schema, oneOf
// and allOf, enum, then the rules of the value's type.
func (n *fastNode) valid(v any) bool {
	if n.kin != nil {
		return n.kin.VisitJSON(v, kinOptions...) == nil
	}
	if v == nil && n.nullable {
		return true
	}
	if n.empty {
		return v != nil
	}
	if n.hasOneOf && !n.validOneOf(v) {
		return false
	}
	for _, b := range n.allOf {
		if !b.valid(v) {
			return false
		}
	}
	if (n.hasOneOf || n.hasAllOf) && v == nil {
		return true
	}
	if len(n.enum) > 0 && !inEnum(n.enum, v) {
		return false
	}
	switch t := v.(type) {
	case nil:
		return false // not nullable (checked above)
	case bool:
		return n.types.Permits(openapi3.TypeBoolean)
	case json.Number:
		return n.validNumber(t)
	case string:
		return n.validString(t)
	case []any:
		return n.validArray(t)
	case map[string]any:
		return n.validObject(t)
	}
	return false
}

func (n *fastNode) validNumber(num json.Number) bool {
	f, err := num.Float64()
	if err != nil {
		return false
	}
	switch {
	case n.types.Permits(openapi3.TypeInteger) && !n.types.Permits(openapi3.TypeNumber):
		if f != math.Trunc(f) {
			return false
		}
	case !n.types.Permits(openapi3.TypeNumber):
		return false
	}
	return (n.min == nil || *n.min <= f) && (n.max == nil || *n.max >= f)
}

func (n *fastNode) validString(s string) bool {
	if !n.types.Permits(openapi3.TypeString) {
		return false
	}
	if n.minLength != 0 || n.maxLength != nil {
		// kin-openapi counts runes (its UTF-16 surrogate test never
		// matches a decoded rune); so does this.
		length := uint64(0)
		for range s {
			length++
		}
		if length < n.minLength || n.maxLength != nil && length > *n.maxLength {
			return false
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return false
	}
	if n.format != "" {
		if f, ok := openapi3.SchemaStringFormats[n.format]; ok && f.Validate(s) != nil {
			return false
		}
	}
	return true
}

func (n *fastNode) validArray(a []any) bool {
	if !n.types.Permits(openapi3.TypeArray) {
		return false
	}
	if uint64(len(a)) < n.minItems || n.maxItems != nil && uint64(len(a)) > *n.maxItems {
		return false
	}
	if n.items != nil {
		for _, e := range a {
			if !n.items.valid(e) {
				return false
			}
		}
	}
	return true
}

func (n *fastNode) validObject(obj map[string]any) bool {
	if !n.types.Permits(openapi3.TypeObject) {
		return false
	}
	// kin-openapi fills a default in where the property is absent or
	// null, before it checks the properties.
	for _, d := range n.defaults {
		if obj[d.name] == nil {
			obj[d.name] = deepCopyJSON(d.value)
		}
	}
	for k, e := range obj {
		if p, ok := n.props[k]; ok {
			if !p.valid(e) {
				return false
			}
			continue
		}
		if n.closed {
			return false
		}
		if n.additional != nil && !n.additional.valid(e) {
			return false
		}
	}
	for _, k := range n.required {
		if _, ok := obj[k]; !ok {
			return false
		}
	}
	return true
}

// validOneOf judges a oneOf by the branches v can still match: a branch
// that surely refuses v (wrong type, a required property missing, a
// property outside its enum) is passed over without a walk. When one is
// left it alone is checked, on v itself, as kin-openapi's second run on
// the branch that matched fills its defaults in; when more are left each
// is tried on a copy, as kin-openapi does, and exactly one must pass.
func (n *fastNode) validOneOf(v any) bool {
	only := -1
	left := 0
	for i, b := range n.oneOf {
		if !b.surelyRefuses(v) {
			only = i
			left++
		}
	}
	switch left {
	case 0:
		return false
	case 1:
		return n.oneOf[only].valid(v)
	}
	matched := -1
	for i, b := range n.oneOf {
		if b.surelyRefuses(v) || !b.valid(deepCopyJSON(v)) {
			continue
		}
		if matched >= 0 {
			return false
		}
		matched = i
	}
	return matched >= 0 && n.oneOf[matched].valid(v)
}

// surelyRefuses says n would refuse v for a reason seen at a glance. It
// errs towards false: a false only costs a full check of the branch.
func (n *fastNode) surelyRefuses(v any) bool {
	if n.kin != nil || v == nil || n.empty || n.hasOneOf || n.hasAllOf {
		return false
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if !n.types.Permits(openapi3.TypeObject) {
		return true
	}
	for _, k := range n.required {
		if _, ok := obj[k]; !ok && !n.fillsIn(k) {
			return true
		}
	}
	for _, e := range n.enumProps {
		s, ok := obj[e.name].(string)
		if ok && !inEnum(e.enum, s) {
			return true
		}
	}
	return false
}

// fillsIn says n has a default for property k.
func (n *fastNode) fillsIn(k string) bool {
	for _, d := range n.defaults {
		if d.name == k {
			return true
		}
	}
	return false
}

// inEnum compares as kin-openapi does for strings, booleans and null;
// for numbers, arrays and objects it answers false ("not sure"), which
// sends the body to kin-openapi.
func inEnum(enum []any, v any) bool {
	switch v.(type) {
	case string, bool, nil:
		for _, e := range enum {
			if e == v {
				return true
			}
		}
	}
	return false
}

// deepCopyJSON copies a decoded JSON value (maps and slices; scalars are
// immutable).
func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(t))
		for k, e := range t {
			c[k] = deepCopyJSON(e)
		}
		return c
	case []any:
		c := make([]any, len(t))
		for i, e := range t {
			c[i] = deepCopyJSON(e)
		}
		return c
	}
	return v
}
