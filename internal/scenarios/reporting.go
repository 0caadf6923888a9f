package scenarios

import "net/http"

func reportingScenarios() []Scenario {
	return append([]Scenario{
		{Name: "avr-virtual", Tags: []string{ReadOnly}, Description: "virtual All Visits Report: start, poll to SUCCEEDED, download CSV", Steps: avrFlow("virtual")},
		{Name: "avr-retail", Tags: []string{ReadOnly}, Description: "retail All Visits Report: start, poll to SUCCEEDED, download CSV", Steps: avrFlow("retail")},
		{Name: "avr-provider-booking", Tags: []string{ReadOnly}, Description: "provider_booking All Visits Report: start, poll to SUCCEEDED, download CSV", Steps: avrFlow("provider_booking")},
		avrErrors(),
		{Name: "apr-window", Tags: []string{ReadOnly}, Description: "All Providers Report: a window search, and a window without its end", Steps: []Step{
			{Name: "window", Host: Reporting, Method: http.MethodPost, Path: "/v1/reporting/providerhistories", Auth: ServiceKey,
				Body: aprSearch(nil), Sample: true, Expect: Expect{Status: http.StatusOK, Present: []string{"/count", "/data"}}},
			{Name: "no end date", Host: Reporting, Method: http.MethodPost, Path: "/v1/reporting/providerhistories", Auth: ServiceKey,
				Body: map[string]any{"startDate": "{weekAgo}"}, Expect: Expect{Status: http.StatusBadRequest, Present: []string{"/error"}}},
		}},
	}, aprSteps()...)
}

func avrErrors() Scenario {
	status := "/api/8/reporting/allvisitsreport/"
	return Scenario{Name: "avr-errors", Tags: []string{ReadOnly}, Description: "All Visits Report's documented errors", Steps: []Step{
		{Name: "no body", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Expect: errorIs(http.StatusBadRequest, "'type' is required")},
		{Name: "no type", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Body: map[string]any{}, Expect: errorIs(http.StatusBadRequest, "'type' is required")},
		{Name: "bad type", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Body: map[string]any{"type": "inperson"}, Expect: Expect{Status: http.StatusBadRequest, Present: []string{"/error"}}},
		{Name: "bad key", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: BadServiceKey,
			Body: map[string]any{"type": "virtual"}, Expect: Expect{Status: http.StatusForbidden, Present: []string{"/message"}}},
		{Name: "malformed id", Host: Reporting, Method: http.MethodGet, Path: status + "not-a-guid", Auth: ServiceKey,
			Expect: Expect{Status: http.StatusBadRequest, Present: []string{"/msg"}}},
		{Name: "malformed id data", Host: Reporting, Method: http.MethodGet, Path: status + "not-a-guid/data", Auth: ServiceKey,
			Expect: errorIs(http.StatusBadRequest, "'reportId' must be a valid GUID")},
		{Name: "unknown id", Host: Reporting, Method: http.MethodGet, Path: status + "{unknownGuid}", Auth: ServiceKey,
			Expect: errorIs(http.StatusNotFound, "QueryExecution Not Found")},
		{Name: "start", Host: Reporting, Method: http.MethodPost, Path: "/api/8/reporting/allvisitsreport", Auth: ServiceKey,
			Body: map[string]any{"type": "virtual"}, Capture: map[string]string{"reportId": "/id"}, Expect: Expect{Status: http.StatusOK}},
		{Name: "data before success", Host: Reporting, Method: http.MethodGet, Path: status + "{reportId}/data", Auth: ServiceKey,
			Expect: errorIs(http.StatusBadRequest, "QueryExecution did not succeed")},
	}}
}
