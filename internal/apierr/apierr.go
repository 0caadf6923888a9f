// Package apierr is the error vocabulary shared by the fakes and the HTTP
// layer: a fake says what went wrong (kind, field, code), and the server's
// error writer turns it into the status and body DexCare documents for that
// endpoint. The kind-to-status table lives in the server, not here: the
// fakes know nothing of HTTP.
package apierr

import (
	"errors"
	"fmt"
)

// Kind classifies a failure; the server maps each to one HTTP status.
type Kind int

const (
	Internal Kind = iota
	Invalid
	Unauthorized
	Forbidden
	NotFound
	Conflict
	NotImplemented
	// Full: the world holds as much as it may (a visit or report job cap);
	// a reset or a fresh namespace frees it. 507 Insufficient Storage.
	Full
	// TooLarge is a request body over the mock's limit.
	TooLarge
	// Gone: what the request names existed and is no longer there, and
	// will not come back by itself (an expired namespace, one whose saved
	// state could not be read). 410 Gone.
	Gone
)

// Error is a failure the client can act on. Message is safe to show: it
// names fields, never echoes patient data or secrets.
type Error struct {
	Kind Kind
	// Code is DexCare's machine-readable code where the endpoint has one
	// (MISSING_VISIT_REASON, APIKEY_INVALID_OR_MISSING...).
	Code string
	// Field is the JSON path or parameter at fault, if any.
	Field   string
	Message string
}

func (e *Error) Error() string { return e.Message }

// New builds an Error.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// WithCode sets DexCare's code.
func (e *Error) WithCode(code string) *Error { e.Code = code; return e }

// WithField names the field at fault.
func (e *Error) WithField(field string) *Error { e.Field = field; return e }

// Shorthands for the common kinds.
func InvalidField(field, format string, args ...any) *Error {
	return New(Invalid, format, args...).WithField(field)
}
func NotFoundf(format string, args ...any) *Error  { return New(NotFound, format, args...) }
func Conflictf(format string, args ...any) *Error  { return New(Conflict, format, args...) }
func Forbiddenf(format string, args ...any) *Error { return New(Forbidden, format, args...) }

// As extracts an *Error from err; anything else is an internal error whose
// text is not shown to the client.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: Internal, Message: "Unknown error"}
}
