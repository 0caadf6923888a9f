package scenarios

import "net/http"

func authScenarios() []Scenario {
	avr := "/api/8/reporting/allvisitsreport"
	body := map[string]any{"type": "virtual"}
	refused := Expect{Status: http.StatusForbidden, Present: []string{"/message"}}
	return []Scenario{{Name: "auth-errors", Tags: []string{ReadOnly}, Description: "each credential style refused when missing or wrong", Steps: []Step{
		{Name: "reporting without key", Host: Reporting, Method: http.MethodPost, Path: avr, Body: body, Expect: refused},
		{Name: "reporting with wrong key", Host: Reporting, Method: http.MethodPost, Path: avr, Auth: BadServiceKey, Body: body, Expect: refused},
		{Name: "apr with wrong key", Host: Reporting, Method: http.MethodPost, Path: "/v1/reporting/providerhistories", Auth: BadServiceKey,
			Body: aprSearch(nil), Expect: refused},
		{Name: "summary without token", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{unknownGuid}/summary",
			Expect: Expect{Status: http.StatusUnauthorized}},
		{Name: "summary with a forged token", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{unknownGuid}/summary", Auth: BadBearer,
			Expect: Expect{Status: http.StatusUnauthorized}},
		{Name: "visit without token", Host: ECVAPI, Method: http.MethodPost, Path: "/api/9/visits", Body: map[string]any{},
			Expect: Expect{Status: http.StatusUnauthorized}},
		{Name: "timeslots without key", Host: API, Method: http.MethodGet, Path: "/v5/providers/{npi}/timeslots",
			Expect: Expect{Status: http.StatusUnauthorized}},
		{Name: "timeslots with wrong key", Host: API, Method: http.MethodGet, Path: "/v5/providers/{npi}/timeslots", Auth: BadAPIKey,
			Expect: Expect{Status: http.StatusUnauthorized}},
		{Name: "guest visit with wrong key", Host: API, Method: http.MethodPost, Path: "/v1/booking/queued-guest-visit?product=DCIntSched", Auth: BadAPIKey,
			Body: map[string]any{}, Expect: Expect{Status: http.StatusUnauthorized, JSON: map[string]any{"/code": "APIKEY_INVALID_OR_MISSING"}}},
	}}}
}
