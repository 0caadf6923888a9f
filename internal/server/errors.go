package server

import (
	"errors"
	"net/http"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/respond"
)

// writeError answers err in the body shape of the call's endpoint family,
// with the status its kind maps to (respond.Status).
func (s *Server) writeError(w http.ResponseWriter, c *Call, err error) {
	status, body := errorBody(c, err)
	if errors.Is(err, gate.ErrBodyTooLarge) {
		w.Header().Set("Connection", "close")
	}
	if c.style == stylePage {
		renderErrorPage(w, status, pageMessage(body))
		return
	}
	respond.WriteJSON(w, status, body)
}

// errorBody is the (status, JSON body) DexCare answers err with in the
// call's style.
func errorBody(c *Call, err error) (int, map[string]any) {
	var vi *gate.Violation
	if errors.As(err, &vi) {
		return http.StatusBadRequest, c.style.validationBody(c, vi)
	}
	e := apierr.As(err)
	status := respond.Status(e.Kind)
	return status, c.style.body(c, status, e)
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
		if allow := s.gate.AllowedMethods(r); allow != "" {
			w.Header().Set("Allow", allow)
		}
		respond.WriteJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "Method Not Allowed"})
		return
	}
	respond.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found"})
}
