package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/apierr"
)

// writeError answers err in the body shape of the endpoint family.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, style string, err error) {
	status, body := errorBody(style, r, err)
	if errors.Is(err, errBodyTooLarge) {
		w.Header().Set("Connection", "close")
	}
	if style == "page" {
		s.renderErrorPage(w, r, status, body["error"].(string))
		return
	}
	writeJSON(w, status, body)
}

// errorBody is the (status, JSON body) DexCare answers err with in style.
func errorBody(style string, r *http.Request, err error) (int, map[string]any) {
	var ve *violationError
	if errors.As(err, &ve) {
		return http.StatusBadRequest, validationBody(style, r, ve.v)
	}
	e := apierr.As(err)
	status := e.Kind.Status()
	msg := e.Message
	if e.Kind == apierr.Internal {
		msg = "Unknown error" // never leak internals
	}
	switch style {
	case "avr", "avr-data", "apr":
		if status == http.StatusForbidden { // the reporting gateway's refusal
			return status, map[string]any{"message": msg}
		}
		return status, map[string]any{"error": msg}
	case "practice", "generic", "page":
		return status, map[string]any{"error": msg}
	case "avr-status":
		switch status {
		case http.StatusForbidden:
			return status, map[string]any{"message": msg}
		case http.StatusBadRequest:
			return status, map[string]any{"msg": avrStatusMsg(r, msg)}
		}
		return status, map[string]any{"error": msg}
	case "guest":
		code := e.Code
		if code == "" {
			code = guestCodes[e.Kind]
		}
		return status, map[string]any{"code": code, "error": msg}
	case "slots":
		if status == http.StatusBadRequest || status >= 500 {
			return status, map[string]any{"errorCode": 400000 + status, "message": msg}
		}
		return status, map[string]any{"message": msg, "status": status}
	}
	// visits, booking
	body := map[string]any{"error": msg}
	if e.Code != "" {
		body["code"] = e.Code
	}
	return status, body
}

var guestCodes = map[apierr.Kind]string{
	apierr.Invalid:      "OPENAPI_VALIDATION_ERROR",
	apierr.Unauthorized: "APIKEY_INVALID_OR_MISSING",
	apierr.Internal:     "VISIT_CREATE_FAILED",
	apierr.NotFound:     "NOT_FOUND",
	apierr.Conflict:     "CONFLICT",
	apierr.TooLarge:     "PAYLOAD_TOO_LARGE",
}

// validationBody words a validation failure for the endpoint family.
func validationBody(style string, r *http.Request, v violation) map[string]any {
	switch style {
	case "avr", "avr-data", "apr":
		if style == "avr-data" && v.in == "path" {
			return map[string]any{"error": "'reportId' must be a valid GUID"}
		}
		return map[string]any{"error": quotedMessage(v)}
	case "avr-status":
		return map[string]any{"msg": avrStatusMsg(r, "'reportId' must be a valid GUID")}
	case "guest":
		return map[string]any{"code": "OPENAPI_VALIDATION_ERROR", "error": ajvMessage(v)}
	case "slots":
		return map[string]any{"errorCode": 400001, "message": ajvMessage(v)}
	}
	return map[string]any{"error": ajvMessage(v)}
}

// avrStatusMsg follows the docs' odd shape for a bad status request:
// "getAvrQueryStatus bad request', <reportId>, <err>". A report id is not
// patient data, so echoing it is safe.
func avrStatusMsg(r *http.Request, detail string) string {
	return "getAvrQueryStatus bad request', " + pathParam(r, "reportId") + ", " + detail
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
