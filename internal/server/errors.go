package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/apierr"
)

// kindStatus maps each error kind to its HTTP status. It lives in the
// HTTP layer: the fakes say what went wrong, the server decides how HTTP
// says it.
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
}

// StatusFor is the HTTP status of an error kind; an unknown kind is a 500.
// The control plane answers the fakes' errors with it too.
func StatusFor(k apierr.Kind) int {
	if status, ok := kindStatus[k]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// writeError answers err in the body shape of the endpoint family.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, style errStyle, err error) {
	status, body := errorBody(style, r, err)
	if errors.Is(err, errBodyTooLarge) {
		w.Header().Set("Connection", "close")
	}
	if style == stylePage {
		s.renderErrorPage(w, r, status, pageMessage(body))
		return
	}
	writeJSON(w, status, body)
}

// errorBody is the (status, JSON body) DexCare answers err with in style.
func errorBody(style errStyle, r *http.Request, err error) (int, map[string]any) {
	var ve *violationError
	if errors.As(err, &ve) {
		return http.StatusBadRequest, style.validationBody(r, ve.v)
	}
	e := apierr.As(err)
	status := StatusFor(e.Kind)
	return status, style.body(r, status, e)
}

// pageMessage is the text an error page shows for a page-style body.
func pageMessage(body map[string]any) string {
	msg, _ := body["error"].(string)
	return msg
}

// writeRouteError answers requests the spec has no operation for.
func (s *Server) writeRouteError(w http.ResponseWriter, r *http.Request, err error) {
	var re *routers.RouteError
	if errors.As(err, &re) && errors.Is(err, routers.ErrMethodNotAllowed) {
		if allow := s.allowedMethods(r); allow != "" {
			w.Header().Set("Allow", allow)
		}
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "Method Not Allowed"})
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found"})
}

// allowedMethods lists the methods the spec has for the request's path.
func (s *Server) allowedMethods(r *http.Request) string {
	var methods []string
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := s.router.FindRoute(probe); err == nil {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}
