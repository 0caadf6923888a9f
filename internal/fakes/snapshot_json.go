package fakes

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

// EncodeSnapshot writes s as JSON, one element at a time, so a big world
// is never held twice in memory.
func EncodeSnapshot(w io.Writer, s *Snapshot) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	head := *s
	head.Visits, head.Patients, head.Events, head.Reports, head.Slots = nil, nil, nil, nil, nil
	data, err := json.Marshal(struct {
		Format     string          `json:"format"`
		Version    int             `json:"version"`
		ExportedAt time.Time       `json:"exportedAt"`
		Generated  GeneratedState  `json:"generated"`
		Control    json.RawMessage `json:"control,omitempty"`
	}{head.Format, head.Version, head.ExportedAt, head.Generated, head.Control})
	if err != nil {
		return err
	}
	bw.Write(data[:len(data)-1]) // all but the closing brace
	for _, list := range []struct {
		name string
		n    int
		item func(i int) any
	}{
		{"visits", len(s.Visits), func(i int) any { return &s.Visits[i] }},
		{"patients", len(s.Patients), func(i int) any { return &s.Patients[i] }},
		{"events", len(s.Events), func(i int) any { return &s.Events[i] }},
		{"reports", len(s.Reports), func(i int) any { return &s.Reports[i] }},
		{"slots", len(s.Slots), func(i int) any { return &s.Slots[i] }},
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

// DecodeSnapshot reads a state document. It checks the format and
// version before anything else and refuses fields it does not know, so a
// document from a newer mockdex is refused rather than half read. Errors
// name the field at fault.
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseSnapshot(data)
}

// ParseSnapshot is DecodeSnapshot of a document already in memory.
func ParseSnapshot(data []byte) (*Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		if herr := checkHead(data); herr != nil {
			return nil, herr // a document of another format or version says so first
		}
		return nil, jsonProblem(err)
	}
	switch {
	case s.Format != SnapshotFormat:
		return nil, snapshotError("format", "is %q, want %q", s.Format, SnapshotFormat)
	case s.Version != SnapshotVersion:
		return nil, snapshotError("version", "is %d; this mockdex reads version %d", s.Version, SnapshotVersion)
	}
	return &s, nil
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
	case head.Format == nil || *head.Format != SnapshotFormat:
		got := ""
		if head.Format != nil {
			got = *head.Format
		}
		return snapshotError("format", "is %q, want %q", got, SnapshotFormat)
	case head.Version == nil || *head.Version != SnapshotVersion:
		got := 0
		if head.Version != nil {
			got = *head.Version
		}
		return snapshotError("version", "is %d; this mockdex reads version %d", got, SnapshotVersion)
	}
	return nil
}

// jsonProblem words a decoding error with the field it concerns.
func jsonProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return snapshotError(typeErr.Field, "is a JSON %s, want %s", typeErr.Value, typeErr.Type)
	case errors.Is(err, io.EOF):
		return snapshotError("document", "is empty (truncated?)")
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "unexpected end"):
		return snapshotError("document", "ends too early (truncated?)")
	case errors.As(err, &syntaxErr):
		return snapshotError("document", "is not JSON (at byte %d: %s)", syntaxErr.Offset, syntaxErr.Error())
	}
	return snapshotError("document", "%s", err.Error())
}

// snapshotError is a refusal naming the field, as an apierr.Invalid so
// the control plane answers it 400 with the field named.
func snapshotError(field, format string, args ...any) error {
	return apierr.InvalidField(field, "%s: %s", field, fmt.Sprintf(format, args...))
}
