package scenarios

import "net/http"

func bookingScenarios() []Scenario {
	return []Scenario{providerBooking(), pages()}
}

func providerBooking() Scenario {
	slot := "/slots/0/slotsByVisitType/0"
	book := Step{Name: "book", Host: ECVAPI, Method: http.MethodPost, Path: "/api/7/visits/providerbooking", Auth: Bearer,
		Body: map[string]any{
			"patient":     map[string]any{"patientGuid": "{patientGuid}", "address": contractAddress()},
			"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": "CONTRACTCHECK"},
			"visitDetails": map[string]any{
				"declaration": "self", "departmentId": "{departmentId}", "ehrSystemName": "{ehrSystemName}",
				"nationalProviderId": "{npi}", "slotId": "{slotId}", "visitTypeId": "{visitTypeId}",
				"visitReason": Reason + ": provider-booking",
			},
		},
		Capture: map[string]string{"visitId": "/visitId"},
		Expect:  Expect{Status: http.StatusOK, JSON: map[string]any{"/status": "scheduled", "/nationalProviderId": "{npi}"}}}
	again := book
	again.Name, again.Capture, again.Expect = "same slot again", nil, Expect{Status: http.StatusConflict, Present: []string{"/error"}}
	return Scenario{Name: "provider-booking", Tags: []string{Writes}, Description: "time slots → book the first → the same slot again is a 409", Steps: []Step{
		{Name: "timeslots", Host: API, Method: http.MethodGet, Path: "/v5/providers/{npi}/timeslots?daysOfSlots=7", Auth: APIKey,
			Capture: map[string]string{
				"slotId": slot + "/scheduleDays/0/slotTimes/0/slotId", "visitTypeId": slot + "/visitTypeId",
				"departmentId": "/slots/0/departmentId", "ehrSystemName": "/slots/0/ehrSystemName",
			},
			Expect: Expect{Status: http.StatusOK, Present: []string{"/slots"}}},
		book,
		again,
		{Name: "unknown provider", Host: API, Method: http.MethodGet, Path: "/v5/providers/0000000000/timeslots", Auth: APIKey,
			Expect: Expect{Status: http.StatusNotFound}},
	}}
}

// pages are mockdex's own HTML hand-offs; only their error answers are
// checked here (the happy paths need a browser).
func pages() Scenario {
	return Scenario{Name: "pages", Tags: []string{ReadOnly, MockdexOnly}, Description: "mockdex's retail hand-off page without a brand, and the waiting room of an unknown visit", Steps: []Step{
		{Name: "retail without brand", Host: API, Method: http.MethodGet, Path: "/retail?departmentUrlName=AcmeC4",
			Expect: Expect{Status: http.StatusBadRequest, ContentType: "text/html"}},
		{Name: "unknown waiting room", Host: API, Method: http.MethodGet, Path: "/visit/{unknownGuid}?brand={brand}",
			Expect: Expect{Status: http.StatusNotFound, ContentType: "text/html"}},
	}}
}
