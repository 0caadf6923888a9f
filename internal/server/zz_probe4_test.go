//go:build probe

package server_test

import "testing"

func TestProbeNumbers(t *testing.T) {
	m, br := newProbeServer(t)
	apr := `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-06-03T00:00:00Z"`
	show(t, m, br, "apr/limit1.0", "POST", aprPath, apr+`,"limit":1.0}`, m.DCToken())
	show(t, m, br, "apr/offset1e30", "POST", aprPath, apr+`,"offset":1e30}`, m.DCToken())
	show(t, m, br, "apr/offset1e18", "POST", aprPath, apr+`,"offset":9223372036854775807}`, m.DCToken())
	show(t, m, br, "apr/offsetstr", "POST", aprPath, apr+`,"offset":"1"}`, m.DCToken())
	show(t, m, br, "apr/actionnum", "POST", aprPath, apr+`,"action":5}`, m.DCToken())
	show(t, m, br, "apr/date-odd", "POST", aprPath, `{"startDate":"2024-13-01T00:00:00Z","endDate":"2024-06-03T00:00:00Z"}`, m.DCToken())
	show(t, m, br, "apr/date-offset", "POST", aprPath, `{"startDate":"2024-05-01T00:00:00+0000","endDate":"2024-06-03"}`, m.DCToken())
	show(t, m, br, "avr/date-year0", "POST", avrPath, `{"type":"virtual","startDate":"0000-01-01T00:00:00Z","endDate":"9999-12-31T23:59:59Z"}`, m.DCToken())
	show(t, m, br, "slots/days-huge", "GET", "/v5/providers/1629394572/timeslots?daysOfSlots=99999999999999999999", "", m.XAPIKey())
	show(t, m, br, "slots/days-1e9", "GET", "/v5/providers/1629394572/timeslots?daysOfSlots=1000000000", "", m.XAPIKey())
	show(t, m, br, "slots/start-far", "GET", "/v5/providers/1629394572/timeslots?startDate=9999-12-30&endDate=9999-12-31", "", m.XAPIKey())
	show(t, m, br, "slots/start-year1", "GET", "/v5/providers/1629394572/timeslots?startDate=0001-01-01", "", m.XAPIKey())
	show(t, m, br, "slots/end-before", "GET", "/v5/providers/1629394572/timeslots?startDate=2024-06-10&endDate=2024-06-05", "", m.XAPIKey())
	show(t, m, br, "slots/dept-only", "GET", "/v5/providers/1629394572/timeslots?departmentEmrId=123446001", "", m.XAPIKey())
	show(t, m, br, "wait/qual-empty", "GET", "/api/9/regions/waittimes?assignmentQualifiers=&visitTypeNames=", "", m.XAPIKey())
	show(t, m, br, "visit/urgency", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["urgency"] = 1e308 }), m.Bearer(joeGUID))
	show(t, m, br, "visit/quals-empty", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["assignmentQualifiers"] = []string{} }), m.Bearer(joeGUID))
	show(t, m, br, "visit/quals-unknown", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["assignmentQualifiers"] = []string{"zzz"} }), m.Bearer(joeGUID))
	show(t, m, br, "visit/region-lower", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["stateLicensure"] = "wa" }), m.Bearer(joeGUID))
	show(t, m, br, "visit/phone", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["visitTypeName"] = "phone" }), m.Bearer(joeGUID))
	show(t, m, br, "visit/dept-other", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { d["departmentId"] = "nope" }), m.Bearer(joeGUID))
	show(t, m, br, "visit/guid-upper", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) { b["patient"].(map[string]any)["patientGuid"] = "233441F4-129F-4D0E-AFAA-B3009DBE80C7" }), m.Bearer(joeGUID))
	show(t, m, br, "visit/proxy-nobody", "POST", "/api/9/visits", joeVisit(t, func(b, d map[string]any) {
		d["declaration"] = "other"
		b["actor"] = map[string]any{"firstName": "A", "lastName": "B", "email": "a@b.test", "relationshipToPatient": "parent"}
		b["patient"].(map[string]any)["patientGuid"] = "f36af515-09ba-4551-a5c2-e6680fc41886"
	}), m.Bearer(joeGUID))
}
