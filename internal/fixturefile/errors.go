package fixturefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Error is a fixture file refused: the file, the field at fault (a JSON
// path such as "[0].regions[1]" or "generated.count"; empty when the file
// as a whole is at fault) and the problem.
type Error struct {
	File  string
	Field string
	Err   error
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("fixtures: %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("fixtures: %s: %s: %v", e.File, e.Field, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// decode reads data, the content of file name, strictly into into.
func decode(name string, data []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return jsonProblem(name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &Error{File: name, Err: errors.New("more data after the JSON value")}
	}
	return nil
}

// jsonProblem words a decoding error with the field it concerns.
func jsonProblem(name string, err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return &Error{File: name, Field: typeErr.Field, Err: fmt.Errorf("is a JSON %s, want %s", typeErr.Value, typeErr.Type)}
	case errors.Is(err, io.EOF):
		return &Error{File: name, Err: errors.New("is empty")}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{File: name, Err: errors.New("ends too early (truncated?)")}
	case errors.As(err, &syntaxErr):
		return &Error{File: name, Err: fmt.Errorf("is not JSON (at byte %d: %v)", syntaxErr.Offset, syntaxErr)}
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &Error{File: name, Field: strings.Trim(field, `"`), Err: errors.New("is not a field of this file (misspelt?)")}
	}
	return &Error{File: name, Err: err}
}
