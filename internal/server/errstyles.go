package server

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/gate"
)

// errStyle is an operation's x-error-style: the DexCare body family its
// errors are written in. Every operation declares one of errStyles; New
// refuses a spec that names another, as it refuses an operation without a
// handler.
type errStyle string

const (
	styleAVR         errStyle = "avr"          // {"error"}, 403 {"message"}
	styleAVRStatus   errStyle = "avr-status"   // 400 {"msg"}, 403 {"message"}, else {"error"}
	styleAVRData     errStyle = "avr-data"     // as avr; a bad path id is "'reportId' must be a valid GUID"
	styleAPR         errStyle = "apr"          // as avr
	stylePractice    errStyle = "practice"     // {"error"}
	styleVisits      errStyle = "visits"       // {"error", "code"?}
	styleGuest       errStyle = "guest"        // {"code", "error"}
	styleSlots       errStyle = "slots"        // 400/5xx {"errorCode", "message"}, else {"message", "status"}
	styleSlotsCoded  errStyle = "slots-coded"  // 401 {"message", "status"}, else {"errorCode", "message"}
	styleBooking     errStyle = "booking"      // as visits
	styleCareOptions errStyle = "care-options" // {"message", "errorCode"} with 5-digit codes
	stylePage        errStyle = "page"         // an HTML error page
)

// errStyles is the typed set of styles the error writer knows.
var errStyles = map[errStyle]bool{
	styleAVR: true, styleAVRStatus: true, styleAVRData: true, styleAPR: true, stylePractice: true,
	styleVisits: true, styleGuest: true, styleSlots: true, styleSlotsCoded: true, styleBooking: true,
	styleCareOptions: true, stylePage: true,
}

// operationStyles reads every operation's x-error-style, and lists the
// operations whose style is missing or unknown.
func operationStyles(doc *openapi3.T) (map[string]errStyle, []string) {
	styles := map[string]errStyle{}
	var bad []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			name, _ := op.Extensions["x-error-style"].(string)
			if !errStyles[errStyle(name)] {
				bad = append(bad, fmt.Sprintf("%s (%q)", op.OperationID, name))
				continue
			}
			styles[op.OperationID] = errStyle(name)
		}
	}
	sort.Strings(bad)
	return styles, bad
}

// body is the JSON body the style answers e with at status. The status is
// given, not derived from e, so a fault's status (503, say) is written
// into the body by the same code that writes a handler's error.
func (st errStyle) body(c *Call, status int, e *apierr.Error) map[string]any {
	msg := e.Message
	if e.Kind == apierr.Internal {
		msg = "Unknown error" // never leak internals
	}
	switch st {
	case styleAVR, styleAVRData, styleAPR:
		if status == http.StatusForbidden { // the reporting gateway's refusal
			return map[string]any{"message": msg}
		}
	case styleAVRStatus:
		switch status {
		case http.StatusForbidden:
			return map[string]any{"message": msg}
		case http.StatusBadRequest:
			return map[string]any{"msg": avrStatusMsg(c, msg)}
		}
	case styleGuest:
		code := e.Code
		if code == "" {
			code = guestCodes[e.Kind]
		}
		return map[string]any{"code": code, "error": msg}
	case styleSlots:
		if status == http.StatusBadRequest || status >= 500 {
			return map[string]any{"errorCode": 400000 + status, "message": msg}
		}
		return map[string]any{"message": msg, "status": status}
	case styleSlotsCoded:
		if status == http.StatusUnauthorized {
			return map[string]any{"message": msg, "status": status}
		}
		return map[string]any{"errorCode": 400000 + status, "message": msg}
	case styleCareOptions:
		return map[string]any{"message": msg, "errorCode": careOptionsCode(status, e.Code)}
	case styleVisits, styleBooking:
		body := map[string]any{"error": msg}
		if e.Code != "" {
			body["code"] = e.Code
		}
		return body
	}
	return map[string]any{"error": msg}
}

var guestCodes = map[apierr.Kind]string{
	apierr.Invalid:      "OPENAPI_VALIDATION_ERROR",
	apierr.Unauthorized: "APIKEY_INVALID_OR_MISSING",
	apierr.Internal:     "VISIT_CREATE_FAILED",
	apierr.NotFound:     "NOT_FOUND",
	apierr.Conflict:     "CONFLICT",
	apierr.TooLarge:     "PAYLOAD_TOO_LARGE",
}

// Care Options' published error codes: the status's three digits and a
// two-digit reason (40001 a missing or invalid search field, 40002 an
// unknown search context, 40301 a refused API key).
const (
	careInvalidField         = 1
	careInvalidSearchContext = 2
	// CodeInvalidSearchContext marks an apierr.Error as Care Options'
	// "invalid search context" (errorCode 40002).
	CodeInvalidSearchContext = "INVALID_SEARCH_CONTEXT"
)

func careOptionsCode(status int, code string) int {
	if code == CodeInvalidSearchContext {
		return status*100 + careInvalidSearchContext
	}
	return status*100 + careInvalidField
}

// validationBody words a request validation failure for the style.
func (st errStyle) validationBody(c *Call, v *gate.Violation) map[string]any {
	switch st {
	case styleAVR, styleAVRData, styleAPR:
		if st == styleAVRData && v.In == "path" {
			return map[string]any{"error": "'reportId' must be a valid GUID"}
		}
		return map[string]any{"error": v.Quoted()}
	case styleAVRStatus:
		return map[string]any{"msg": avrStatusMsg(c, "'reportId' must be a valid GUID")}
	case styleGuest:
		return map[string]any{"code": "OPENAPI_VALIDATION_ERROR", "error": v.AJV()}
	case styleSlots, styleSlotsCoded:
		return map[string]any{"errorCode": 400001, "message": v.AJV()}
	case styleCareOptions:
		return map[string]any{"message": v.Plain(), "errorCode": http.StatusBadRequest*100 + careInvalidField}
	}
	return map[string]any{"error": v.AJV()}
}

// avrStatusMsg follows the docs' odd shape for a bad status request:
// "getAvrQueryStatus bad request', <reportId>, <err>". A report id is not
// patient data, so echoing it is safe.
func avrStatusMsg(c *Call, detail string) string {
	return "getAvrQueryStatus bad request', " + c.Param("reportId") + ", " + detail
}
