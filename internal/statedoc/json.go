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

// Decode reads a state document. It checks the format and version
// before anything else and refuses fields it does not know, so a
// document from a newer mockdex is refused rather than half read. Errors
// name the field at fault. The caller bounds r.
func Decode(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse is Decode of a document already in memory.
func Parse(data []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		if herr := checkHead(data); herr != nil {
			return nil, herr // a document of another format or version says so first
		}
		return nil, jsonProblem(err)
	}
	return &d, d.header()
}

// checkHead checks a document's format and version alone; nil when they
// are right or cannot be read (the full decode then says why).
func checkHead(data []byte) error {
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if json.Unmarshal(data, &head) != nil {
		return nil
	}
	switch {
	case head.Format == nil || *head.Format != Format:
		got := ""
		if head.Format != nil {
			got = *head.Format
		}
		return Invalid("format", "is %q, want %q", got, Format)
	case head.Version == nil || *head.Version != Version:
		got := 0
		if head.Version != nil {
			got = *head.Version
		}
		return Invalid("version", "is %d; this mockdex reads version %d", got, Version)
	}
	return nil
}

// jsonProblem words a decoding error with the field it concerns.
func jsonProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
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
