package gate

import (
	"encoding"
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Decode fills into, a pointer to a handler's body type, from the JSON
// body Check parsed: no text is read or parsed again. It reads the parse
// as encoding/json would read the text, with the rules DexCare's
// JavaScript services follow on top:
//
//   - a key matches a field by its exact name: one that matches only when
//     case is ignored is refused, naming it (encoding/json would fill the
//     field with it);
//   - a whole number written with a fraction or an exponent (2.0, 2e3,
//     which JSON Schema's integer admits) fills an integer field; one
//     beyond the field's range is refused, naming the field, never as
//     "not valid JSON".
//
// One walk does all three; only when it finds something wrong is the body
// walked again in key order, so the same field is named every time.
func (in *Input) Decode(into any) error {
	if !in.parsed {
		return errBodyNotJSON
	}
	v := reflect.ValueOf(into).Elem()
	d := decoder{}
	// Every field's path is appended to this one (misfitAt copies the
	// one it keeps): a path of its own per field was an allocation each.
	d.value(in.body, v, make([]string, 0, 32), true)
	if d.folded {
		if vi := exactFields(in.body, reflect.TypeOf(into), nil); vi != nil {
			return vi
		}
	}
	if d.misfit != nil {
		sorted := decoder{sorted: true}
		sorted.value(in.body, reflect.New(v.Type()).Elem(), nil, true)
		return sorted.misfit
	}
	if d.unparsable {
		return errBodyNotJSON
	}
	return nil
}

// decoder is one walk of Decode.
type decoder struct {
	sorted bool // visit object keys in order (naming the first misfit)
	// folded: a key matched a field only when case is ignored.
	folded bool
	// misfit is the first value that does not fit its field: a number
	// beyond an integer field's range, say. Its path names the field as
	// encoding/json's UnmarshalTypeError does (struct fields, embedded
	// structs by their Go names, no array indexes or map keys).
	misfit *Violation
	// unparsable: a field's own parser (a time's) refused its value.
	unparsable bool
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// value fills v from raw. fields is the path of field names to v; exact
// says whether keys are held to exact names (not below a map, as
// exactFields does not look there).
func (d *decoder) value(raw any, v reflect.Value, fields []string, exact bool) {
	if raw == nil {
		switch v.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			v.SetZero()
		}
		return // as encoding/json: null leaves any other value as it is
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(raw, v.Elem(), fields, exact)
		return
	}
	if reflect.PointerTo(v.Type()).Implements(textUnmarshaler) {
		s, ok := raw.(string)
		if !ok || v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)) != nil {
			d.unparsable = true
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.object(raw, v, fields, exact)
	case reflect.Map:
		d.mapOf(raw, v, fields)
	case reflect.Slice:
		d.array(raw, v, fields, exact)
	case reflect.Interface:
		if v.NumMethod() > 0 {
			d.misfitAt(fields)
			return
		}
		v.Set(reflect.ValueOf(plain(raw)))
	default:
		d.scalar(raw, v, fields)
	}
}

func (d *decoder) object(raw any, v reflect.Value, fields []string, exact bool) {
	obj, ok := raw.(map[string]any)
	if !ok {
		d.misfitAt(fields)
		return
	}
	byName := fieldsOf(v.Type())
	each := func(key string) {
		f, ok := byName[key]
		if !ok {
			if exact && foldedMatch(key, byName) != "" {
				d.folded = true
			}
			return
		}
		d.value(obj[key], v.FieldByIndex(f.index), append(append(fields, f.via...), key), exact)
	}
	if d.sorted {
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			each(key)
		}
		return
	}
	for key := range obj {
		each(key)
	}
}

func (d *decoder) mapOf(raw any, v reflect.Value, fields []string) {
	obj, ok := raw.(map[string]any)
	if !ok || v.Type().Key().Kind() != reflect.String {
		d.misfitAt(fields)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(obj)))
	}
	for key, e := range obj {
		elem := reflect.New(v.Type().Elem()).Elem()
		d.value(e, elem, fields, false)
		v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), elem)
	}
}

func (d *decoder) array(raw any, v reflect.Value, fields []string, exact bool) {
	arr, ok := raw.([]any)
	if !ok {
		d.misfitAt(fields)
		return
	}
	v.Set(reflect.MakeSlice(v.Type(), len(arr), len(arr)))
	for i, e := range arr {
		d.value(e, v.Index(i), fields, exact)
	}
}

func (d *decoder) scalar(raw any, v reflect.Value, fields []string) {
	ok := false
	switch t := raw.(type) {
	case string:
		if ok = v.Kind() == reflect.String; ok {
			v.SetString(t)
		}
	case bool:
		if ok = v.Kind() == reflect.Bool; ok {
			v.SetBool(t)
		}
	case json.Number:
		ok = setNumber(v, t)
	case float64: // a default the schema filled in, not parsed from the text
		ok = setNumber(v, json.Number(strconv.FormatFloat(t, 'g', -1, 64)))
	case int:
		ok = setNumber(v, json.Number(strconv.Itoa(t)))
	case int64:
		ok = setNumber(v, json.Number(strconv.FormatInt(t, 10)))
	}
	if !ok {
		d.misfitAt(fields)
	}
}

// setNumber sets a number field, reporting whether n fits it.
func setNumber(v reflect.Value, n json.Number) bool {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, ok := wholeNumber(n)
		if ok && !v.OverflowInt(i) {
			v.SetInt(i)
			return true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, ok := wholeNumber(n)
		if ok && i >= 0 && !v.OverflowUint(uint64(i)) {
			v.SetUint(uint64(i))
			return true
		}
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(string(n), v.Type().Bits())
		if err == nil {
			v.SetFloat(f)
			return true
		}
	}
	return false
}

// wholeNumber reads n as an int64: as written, or when it has no
// fractional part and fits (2.0 and 2e0 are 2).
func wholeNumber(n json.Number) (int64, bool) {
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	if f, err := n.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return int64(f), true
	}
	return 0, false
}

// misfitAt notes the first value that does not fit its field.
func (d *decoder) misfitAt(fields []string) {
	if d.misfit != nil {
		return
	}
	path := []string{""} // the body itself, as encoding/json names it
	if len(fields) > 0 {
		path = strings.Split(strings.Join(fields, "."), ".")
	}
	d.misfit = &Violation{In: "body", Path: path, Rule: "int64"}
}

// plain is a parsed value as encoding/json gives it to an interface:
// numbers as float64.
func plain(raw any) any {
	switch t := raw.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	}
	return raw
}

// exactFields refuses a key of raw that matches a JSON field of t only
// when case is ignored, so a handler's struct is filled by exact names
// whatever the schema declares. raw is the decoded body; keys are visited
// in order, so the same key is named every time.
func exactFields(raw any, t reflect.Type, path []string) *Violation {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		if arr, ok := raw.([]any); ok && t.Kind() != reflect.Pointer {
			for i, e := range arr {
				if vi := exactFields(e, t.Elem(), append(path, itoa(i))); vi != nil {
					return vi
				}
			}
			return nil
		}
		t = t.Elem()
	}
	obj, ok := raw.(map[string]any)
	if !ok || t.Kind() != reflect.Struct {
		return nil
	}
	byName := fieldsOf(t)
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		f, exact := byName[key]
		if !exact {
			if name := foldedMatch(key, byName); name != "" {
				return &Violation{In: "body", Path: pathTo(path, key), Rule: ruleCaseVariant, Prop: name}
			}
			continue
		}
		if vi := exactFields(obj[key], f.typ, append(path, key)); vi != nil {
			return vi
		}
	}
	return nil
}

// field is a struct's field as a JSON name reaches it.
type field struct {
	index []int        // for FieldByIndex
	via   []string     // the Go names of the embedded structs on the way
	typ   reflect.Type // the field's type
}

// fieldsByType caches fieldsOf: handler body types are few and fixed.
var fieldsByType sync.Map // reflect.Type → map[string]field

// fieldsOf maps a struct's JSON names to its fields, an embedded
// (untagged) struct's fields as the outer's.
func fieldsOf(t reflect.Type) map[string]field {
	if m, ok := fieldsByType.Load(t); ok {
		return m.(map[string]field)
	}
	out := map[string]field{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			for name, inner := range fieldsOf(f.Type) {
				if _, shadowed := out[name]; !shadowed {
					out[name] = field{index: append([]int{i}, inner.index...), via: append([]string{f.Name}, inner.via...), typ: inner.typ}
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = field{index: []int{i}, typ: f.Type}
	}
	fieldsByType.Store(t, out)
	return out
}
