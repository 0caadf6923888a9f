package respond

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/apierr"
)

// kindStatus maps each error kind to its HTTP status. It lives in the
// HTTP layer: the fakes say what went wrong, the mock's HTTP faces decide
// how HTTP says it.
var kindStatus = map[apierr.Kind]int{
	apierr.Internal:       http.StatusInternalServerError,
	apierr.Invalid:        http.StatusBadRequest,
	apierr.Unauthorized:   http.StatusUnauthorized,
	apierr.Forbidden:      http.StatusForbidden,
	apierr.NotFound:       http.StatusNotFound,
	apierr.Conflict:       http.StatusConflict,
	apierr.NotImplemented: http.StatusNotImplemented,
	// A full world (visit or report cap): retrying does not help, a reset
	// or another namespace does (docs/limits.md).
	apierr.Full: http.StatusInsufficientStorage,
	// A body over the limit, refused before it is read whole.
	apierr.TooLarge: http.StatusRequestEntityTooLarge,
	// An expired namespace, or one whose saved state is unreadable: the
	// client is told, never handed a fresh world (docs/admin-api.md).
	apierr.Gone: http.StatusGone,
}

// Status is the HTTP status of an error kind; an unknown kind is a 500.
func Status(k apierr.Kind) int {
	if status, ok := kindStatus[k]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// KindFor is the error kind closest to an HTTP status (a fault's).
func KindFor(status int) apierr.Kind {
	for k, st := range kindStatus {
		if st == status {
			return k
		}
	}
	if status < 500 {
		return apierr.Invalid
	}
	return apierr.Internal
}

// Error is the HTTP status and the client-safe message of an error from
// the fakes.
func Error(err error) (int, string) {
	e := apierr.As(err)
	return Status(e.Kind), e.Message
}
