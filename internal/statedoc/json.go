package statedoc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// Encode writes d as JSON, one element at a time, so a big world is
// never held twice in memory.
func Encode(w io.Writer, d *Document) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	data, err := json.Marshal(struct {
		Format     string          `json:"format"`
		Version    int             `json:"version"`
		ExportedAt time.Time       `json:"exportedAt"`
		Generated  Generated       `json:"generated"`
		Unmatched  int             `json:"unmatchedSessionEvents,omitempty"`
		Control    json.RawMessage `json:"control,omitempty"`
		Timeline   *Timeline       `json:"timeline,omitempty"`
	}{d.Format, d.Version, d.ExportedAt, d.Generated, d.UnmatchedSessionEvents, d.Control, d.Timeline})
	if err != nil {
		return err
	}
	bw.Write(data[:len(data)-1]) // all but the closing brace
	for _, list := range []struct {
		name string
		n    int
		item func(i int) any
	}{
		{"visits", len(d.Visits), func(i int) any { return &d.Visits[i] }},
		{"patients", len(d.Patients), func(i int) any { return &d.Patients[i] }},
		{"events", len(d.Events), func(i int) any { return &d.Events[i] }},
		{"reports", len(d.Reports), func(i int) any { return &d.Reports[i] }},
		{"slots", len(d.Slots), func(i int) any { return &d.Slots[i] }},
		{"sessions", len(d.Sessions), func(i int) any { return &d.Sessions[i] }},
	} {
		if err := encodeList(bw, list.name, list.n, list.item); err != nil {
			return err
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// encodeList writes ,"name":[item,...] with each item marshalled alone.
func encodeList(bw *bufio.Writer, name string, n int, item func(i int) any) error {
	bw.WriteString(`,"` + name + `":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		data, err := json.Marshal(item(i))
		if err != nil {
			return fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		bw.Write(data)
	}
	bw.WriteByte(']')
	return nil
}

// Decode reads a state document from r as a stream: one list element
// at a time, never the whole text in memory, so a document costs about
// what its decoded values do. It checks the format and version as soon as
// both are read (a mockdex writes them first), refuses fields it does not
// know, a key given twice, a value of the wrong type, and anything after
// the document but white space. Errors name the field at fault. The
// caller bounds r.
func Decode(r io.Reader) (*Document, error) {
	return DecodeWith(r, DecodeOptions{})
}

// DecodeOptions tune Decode.
type DecodeOptions struct {
	// Check, if set, runs every CheckEvery list elements read; its error
	// stops the decode and is returned as is (the memory bound refusing a
	// document that would not fit).
	Check func() error
	// CheckEvery is how many elements pass between Checks; default 1024.
	CheckEvery int
}

// DecodeWith is Decode with options.
func DecodeWith(r io.Reader, o DecodeOptions) (*Document, error) {
	if o.CheckEvery <= 0 {
		o.CheckEvery = 1024
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	s := &streamDecoder{dec: dec, opts: o, seen: map[string]bool{}}
	d, err := s.document()
	var stop checkStop
	switch {
	case err == nil:
		return d, nil
	case errors.As(err, &stop):
		return nil, stop.err
	case errors.Is(err, io.EOF) && dec.InputOffset() > 0:
		err = io.ErrUnexpectedEOF // the document began, then the input ended
	case !isJSONProblem(err):
		return nil, err // reading failed (a body over its limit, a connection gone): not the document's fault
	}
	return nil, jsonProblem(err)
}

// Parse is Decode of a document already in memory.
func Parse(data []byte) (*Document, error) {
	return Decode(bytes.NewReader(data))
}

// checkStop carries a DecodeOptions.Check error out of the decode.
type checkStop struct{ err error }

func (c checkStop) Error() string { return c.err.Error() }

// fieldError is a decoding error inside a named field.
type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e fieldError) Unwrap() error { return e.err }

// streamDecoder walks the document's top level by tokens and decodes the
// lists' elements one by one.
type streamDecoder struct {
	dec         *json.Decoder
	opts        DecodeOptions
	seen        map[string]bool // top-level keys read
	elements    int
	headChecked bool
}

func (s *streamDecoder) document() (*Document, error) {
	var d Document
	if err := s.delim('{', "document"); err != nil {
		return nil, err
	}
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if s.seen[key] {
			return nil, Invalid("document", "field %q is given twice", key)
		}
		s.seen[key] = true
		if err := s.field(&d, key); err != nil {
			return nil, err
		}
		if !s.headChecked && s.seen["format"] && s.seen["version"] {
			s.headChecked = true
			if err := d.header(); err != nil {
				return nil, err
			}
		}
	}
	if _, err := s.dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if !s.headChecked {
		s.headChecked = true
		if err := d.header(); err != nil {
			return nil, err
		}
	}
	if _, err := s.dec.Token(); err != io.EOF {
		return nil, Invalid("document", "has more after its end (at byte %d)", s.dec.InputOffset())
	}
	return &d, nil
}

// field decodes the top-level field key into d.
func (s *streamDecoder) field(d *Document, key string) error {
	switch key {
	case "format":
		return s.value(key, &d.Format)
	case "version":
		return s.value(key, &d.Version)
	case "exportedAt":
		return s.value(key, &d.ExportedAt)
	case "generated":
		return s.value(key, &d.Generated)
	case "unmatchedSessionEvents":
		return s.value(key, &d.UnmatchedSessionEvents)
	case "control":
		return s.value(key, &d.Control)
	case "timeline":
		return s.value(key, &d.Timeline)
	case "visits":
		return list(s, key, &d.Visits)
	case "patients":
		return list(s, key, &d.Patients)
	case "events":
		return list(s, key, &d.Events)
	case "reports":
		return list(s, key, &d.Reports)
	case "slots":
		return list(s, key, &d.Slots)
	case "sessions":
		return list(s, key, &d.Sessions)
	}
	return Invalid("document", "json: unknown field %q", key)
}

// value decodes one whole value into v.
func (s *streamDecoder) value(key string, v any) error {
	if err := s.dec.Decode(v); err != nil {
		return inField(key, err)
	}
	return nil
}

// list decodes a JSON array into *out one element at a time; null leaves
// it nil.
func list[T any](s *streamDecoder, key string, out *[]T) error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case nil:
		return nil
	case json.Delim('['):
	default:
		var zero []T
		return Invalid(key, "is a JSON %s, want %T", jsonKind(tok), zero)
	}
	items := make([]T, 0, 16)
	for s.dec.More() {
		items = append(items, *new(T))
		if err := s.dec.Decode(&items[len(items)-1]); err != nil {
			return inField(fmt.Sprintf("%s[%d]", key, len(items)-1), err)
		}
		if s.elements++; s.opts.Check != nil && s.elements%s.opts.CheckEvery == 0 {
			if err := s.opts.Check(); err != nil {
				return checkStop{err}
			}
		}
	}
	if _, err := s.dec.Token(); err != nil {
		return err
	}
	*out = items
	return nil
}

// delim reads the next token, which must be want.
func (s *streamDecoder) delim(want json.Delim, field string) error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return Invalid(field, "is a JSON %s, want an object", jsonKind(tok))
	}
	return nil
}

// jsonKind names a token's JSON type.
func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		if tok == json.Delim('[') {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

// inField words an element's or a field's decoding error with its path.
func inField(field string, err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		path := field
		if typeErr.Field != "" {
			path += "." + typeErr.Field
		}
		return Invalid(path, "is a JSON %s, want %s", typeErr.Value, typeErr.Type)
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field") {
		return Invalid(field, "%s", msg)
	}
	if apierr.As(err).Kind == apierr.Invalid && !isSyntax(err) {
		return err
	}
	return fieldError{field, err}
}

// isJSONProblem says whether err is about the document's text rather
// than the reading of it.
func isJSONProblem(err error) bool {
	var typeErr *json.UnmarshalTypeError
	var e *apierr.Error
	return isSyntax(err) || errors.As(err, &typeErr) || errors.As(err, &e) ||
		strings.HasPrefix(err.Error(), "json: ") || strings.Contains(err.Error(), ": json: ")
}

func isSyntax(err error) bool {
	var syntaxErr *json.SyntaxError
	return errors.As(err, &syntaxErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// jsonProblem words a decoding error with the field it concerns.
func jsonProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var fe fieldError
	if !errors.As(err, &fe) && apierr.As(err).Kind == apierr.Invalid {
		return err // already worded
	}
	switch {
	case errors.As(err, &typeErr):
		return Invalid(typeErr.Field, "is a JSON %s, want %s", typeErr.Value, typeErr.Type)
	case errors.Is(err, io.EOF):
		return Invalid("document", "is empty (truncated?)")
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "unexpected end"):
		return Invalid("document", "ends too early (truncated?)")
	case errors.As(err, &syntaxErr):
		return Invalid("document", "is not JSON (at byte %d: %s)", syntaxErr.Offset, syntaxErr.Error())
	}
	return Invalid("document", "%s", err.Error())
}

// Invalid is a refusal of a document naming the field, as an
// apierr.Invalid so the control plane answers it 400 with the field
// named; its message starts with the field. The world's own checks (in
// internal/fakes) refuse with it too.
func Invalid(field, format string, args ...any) error {
	return apierr.InvalidField(field, "%s: %s", field, fmt.Sprintf(format, args...))
}
