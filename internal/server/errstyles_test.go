package server

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Each style builds its body for the status it is given, so a fault's
// status (503 here) reads the same as a handler's own error would.
func TestFaultBodiesByStyle(t *testing.T) {
	for style, want := range map[errStyle]map[int]string{
		styleAVR:         {503: `{"error":"Unknown error"}`, 403: `{"message":"Forbidden"}`},
		styleAVRStatus:   {400: `{"msg":"getAvrQueryStatus bad request', , Bad Request"}`, 404: `{"error":"Not Found"}`},
		styleGuest:       {503: `{"code":"VISIT_CREATE_FAILED","error":"Unknown error"}`, 409: `{"code":"CONFLICT","error":"Conflict"}`},
		styleSlots:       {503: `{"errorCode":400503,"message":"Unknown error"}`, 404: `{"message":"Not Found","status":404}`},
		styleSlotsCoded:  {404: `{"errorCode":400404,"message":"Not Found"}`, 401: `{"message":"Unauthorized","status":401}`},
		styleCareOptions: {503: `{"message":"Unknown error","errorCode":50301}`, 403: `{"message":"Forbidden","errorCode":40301}`},
		styleVisits:      {503: `{"error":"Unknown error"}`},
	} {
		for status, body := range want {
			got, _ := json.Marshal(faultBody(&Call{style: style}, status))
			assert.JSONEq(t, body, string(got), "%s %d", style, status)
		}
	}
}
