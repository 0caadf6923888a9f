package gate

import (
	"encoding/json"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// A request body is parsed first by a small parser for the JSON bodies
// clients send (printable ASCII or plain UTF-8 in strings, no escapes but
// the simple ones, bounded nesting, no repeated key). It only ever says
// "this value" or "not sure": anything else (invalid JSON, a repeated key
// to name, a \u escape) is parsed by encoding/json as before, so what is
// refused, and how, does not change. It gives the value encoding/json's
// Decoder with UseNumber gives (fastjson_test.go fuzzes the two
// against each other), with far less work and fewer allocations: one
// pass, no token buffer, and property names the spec declares shared
// instead of copied per request.

// maxFastDepth bounds the parser's recursion; deeper bodies go to
// encoding/json (which allows 10,000 levels).
const maxFastDepth = 64

// fastParse parses data as one JSON value, or says ok=false.
func fastParse(data []byte) (v any, ok bool) {
	p := fastParser{data: data, names: specNames()}
	v, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.data)
}

type fastParser struct {
	data  []byte
	i     int
	names map[string]string
}

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) value(depth int) (any, bool) {
	p.space()
	if p.i >= len(p.data) || depth > maxFastDepth {
		return nil, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		b, ok := p.str()
		if !ok {
			return nil, false
		}
		return string(b), true
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, false
}

func (p *fastParser) literal(word string) bool {
	if len(p.data)-p.i < len(word) || string(p.data[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

func (p *fastParser) object(depth int) (any, bool) {
	p.i++ // {
	obj := map[string]any{}
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return obj, true
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, false
		}
		raw, ok := p.str()
		if !ok {
			return nil, false
		}
		key, known := p.names[string(raw)]
		if !known {
			key = string(raw)
		}
		if _, seen := obj[key]; seen {
			return nil, false // a repeated key: encoding/json's walk names it
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		obj[key] = v
		if closed, ok := p.after('}'); !ok || closed {
			return obj, ok
		}
	}
}

func (p *fastParser) array(depth int) (any, bool) {
	p.i++ // [
	arr := []any{}
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return arr, true
	}
	for {
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		arr = append(arr, v)
		if closed, ok := p.after(']'); !ok || closed {
			return arr, ok
		}
	}
}

// after reads what follows a member of an object or an array: a comma
// (more to come) or the closing character (closed); anything else is not
// ok.
func (p *fastParser) after(closing byte) (closed, ok bool) {
	p.space()
	if p.i >= len(p.data) {
		return false, false
	}
	switch p.data[p.i] {
	case ',':
		p.i++
		return false, true
	case closing:
		p.i++
		return true, true
	}
	return false, false
}

// str reads a string without escapes and of valid UTF-8 (no control
// character), returning its bytes between the quotes: the common case;
// anything else is left to encoding/json.
func (p *fastParser) str() ([]byte, bool) {
	start := p.i + 1
	for i := start; i < len(p.data); i++ {
		switch c := p.data[i]; {
		case c == '"':
			p.i = i + 1
			s := p.data[start:i]
			return s, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// number reads a number as JSON's grammar has it and keeps its text, as
// json.Number does.
func (p *fastParser) number() (any, bool) {
	d, start := p.data, p.i
	i := start
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	p.i = i
	return json.Number(d[start:i]), true
}

// specNames are the property names the spec's schemas declare, each kept
// once: a parsed body's keys share them instead of copying each.
var specNames = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	c, err := compiled()
	if err != nil {
		return names
	}
	seen := map[*openapi3.Schema]bool{}
	for _, ref := range c.doc.Components.Schemas {
		collectNames(ref, names, seen)
	}
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				collectNames(mt.Schema, names, seen)
			}
		}
	}
	return names
})

func collectNames(ref *openapi3.SchemaRef, names map[string]string, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	for name, p := range s.Properties {
		names[name] = name
		collectNames(p, names, seen)
	}
	collectNames(s.Items, names, seen)
	collectNames(s.AdditionalProperties.Schema, names, seen)
	for _, group := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
		for _, b := range group {
			collectNames(b, names, seen)
		}
	}
}
