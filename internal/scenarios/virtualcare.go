package scenarios

import (
	"net/http"
	"time"
)

func virtualCareScenarios() []Scenario {
	return []Scenario{
		practiceRegions(),
		waittimesFilters(),
		{Name: "qualifiers-and-modalities", Tags: []string{ReadOnly}, Description: "assignment qualifiers and modalities, current and archived", Steps: []Step{
			{Name: "qualifiers", Host: API, Method: http.MethodGet, Path: "/api/9/assignmentqualifiers", Expect: Expect{Status: http.StatusOK, Present: []string{"/0"}}},
			{Name: "archived qualifiers", Host: API, Method: http.MethodGet, Path: "/api/9/assignmentqualifiers?archived=true", Expect: Expect{Status: http.StatusOK}},
			{Name: "modalities", Host: API, Method: http.MethodGet, Path: "/api/9/modalities", Expect: Expect{Status: http.StatusOK, Present: []string{"/0"}}},
			{Name: "archived modalities", Host: API, Method: http.MethodGet, Path: "/api/9/modalities?archived=true", Expect: Expect{Status: http.StatusOK}},
		}},
		virtualVisit(),
		visitLifecycle(),
		proxyVisit(),
		guestVisit(),
	}
}

func practiceRegions() Scenario {
	return Scenario{Name: "practice-regions", Tags: []string{ReadOnly}, Description: "a practice with its regions under both documented paths; unknown practice 404", Steps: []Step{
		{Name: "practice", Host: API, Method: http.MethodGet, Path: "/api/8/practices/{practiceId}",
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/id": "{practiceId}"}, Present: []string{"/practiceRegions/0/regionCode", "/practiceRegions/0/availability"}}},
		{Name: "practice, DexCare path", Host: API, Method: http.MethodGet, Path: "/api/8/DexCare/practices/{practiceId}",
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/id": "{practiceId}"}}},
		{Name: "unknown practice", Host: API, Method: http.MethodGet, Path: "/api/8/practices/{unknownGuid}",
			Expect: Expect{Status: http.StatusNotFound, Present: []string{"/error"}}},
	}}
}

func waittimesFilters() Scenario {
	list := "/api/9/regions/waittimes"
	return Scenario{Name: "waittimes-filters", Tags: []string{ReadOnly}, Description: "wait times for every region, then filtered by region, qualifier, visit type and practice", Steps: []Step{
		{Name: "all", Host: API, Method: http.MethodGet, Path: list, Expect: Expect{Status: http.StatusOK, Present: []string{"/0/regionCode", "/0/available"}}},
		{Name: "by region", Host: API, Method: http.MethodGet, Path: list + "?regionCodes={regionCode}",
			Expect: Expect{Status: http.StatusOK, Check: every("", "regionCode", "the region asked for", equalsVar("regionCode"))}},
		{Name: "one region's path", Host: API, Method: http.MethodGet, Path: "/api/9/regions/{regionCode}/waittimes",
			Expect: Expect{Status: http.StatusOK, Check: every("", "regionCode", "the region asked for", equalsVar("regionCode"))}},
		{Name: "by visit type", Host: API, Method: http.MethodGet, Path: list + "?visitTypeNames=phone",
			Expect: Expect{Status: http.StatusOK, Check: every("", "visitTypeName", "phone", func(v string, _ Vars) bool { return v == "phone" })}},
		{Name: "by qualifier", Host: API, Method: http.MethodGet, Path: list + "?assignmentQualifiers=pediatric", Expect: Expect{Status: http.StatusOK}},
		{Name: "by practice", Host: API, Method: http.MethodGet, Path: list + "?practiceId={practiceId}",
			Expect: Expect{Status: http.StatusOK, Check: every("", "practiceId", "the practice asked for", equalsVar("practiceId"))}},
	}}
}

// contractPatient is the synthetic identity a created visit carries; the
// GUID must exist in the target.
func contractPatient(guidVar string) map[string]any {
	return map[string]any{
		"patientGuid": "{" + guidVar + "}", "firstName": "Contract", "lastName": "Check", "gender": "other",
		"dateOfBirth": "1980-01-01", "phone": "206-555-0100", "email": "contract.check@example.com",
		"address": contractAddress(),
	}
}

func contractAddress() map[string]any {
	return map[string]any{"line1": "1 Contract Check Way", "city": "Seattle", "state": "WA", "postalCode": "98104"}
}

func visitDetails(reason, declaration, visitType string) map[string]any {
	return map[string]any{
		"visitReason": Reason + ": " + reason, "stateLicensure": "{regionCode}", "declaration": declaration,
		"acceptedTerms": true, "practiceId": "{practiceId}", "visitTypeName": visitType,
		"assignmentQualifiers": []any{"adult"}, "brand": "{brand}", "userType": "member",
	}
}

// followVisit reads a created visit back as its owner: summary, wait
// time, terms.
func followVisit(as string) []Step {
	return []Step{
		{Name: "summary", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{visitId}/summary", Auth: Bearer, As: as,
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/visitId": "{visitId}"}, Present: []string{"/status"}, Rule: RuleOwnerCannotRead}},
		{Name: "waittime", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{visitId}/waittime", Auth: Bearer, As: as,
			Expect: Expect{Status: http.StatusOK}},
		{Name: "accept terms", Host: ECVAPI, Method: http.MethodPut, Path: "/api/9/visits/{visitId}/acceptTerms", Auth: Bearer, As: as,
			Expect: Expect{Status: http.StatusOK}},
	}
}

func createVisit(reason string) Step {
	return Step{Name: "create", Host: ECVAPI, Method: http.MethodPost, Path: "/api/9/visits", Auth: Bearer,
		Body: map[string]any{
			"patient":      contractPatient("patientGuid"),
			"billingInfo":  map[string]any{"paymentMethod": "couponcode", "couponCode": "CONTRACTCHECK"},
			"visitDetails": visitDetails(reason, "self", "virtual"),
		},
		Capture: map[string]string{"visitId": "/visitId"},
		Expect:  Expect{Status: http.StatusOK, JSON: map[string]any{"/patientGuid": "{patientGuid}"}, Present: []string{"/visitId"}}}
}

func virtualVisit() Scenario {
	steps := []Step{createVisit("virtual-visit")}
	steps = append(steps, followVisit("")...)
	steps = append(steps,
		Step{Name: "another patient's summary", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{visitId}/summary", Auth: Bearer, As: "{otherPatientGuid}",
			Expect: Expect{OneOf: []int{http.StatusForbidden, http.StatusNotFound}, Rule: RuleVisitReadByOther}},
		Step{Name: "unknown visit", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{unknownGuid}/summary", Auth: Bearer,
			Expect: Expect{Status: http.StatusNotFound}},
		Step{Name: "no visit reason", Host: ECVAPI, Method: http.MethodPost, Path: "/api/9/visits", Auth: Bearer,
			Body: map[string]any{
				"patient":      contractPatient("patientGuid"),
				"billingInfo":  map[string]any{"paymentMethod": "couponcode", "couponCode": "CONTRACTCHECK"},
				"visitDetails": withoutKey(visitDetails("", "self", "virtual"), "visitReason"),
			},
			Expect: Expect{Status: http.StatusBadRequest}},
	)
	return Scenario{Name: "virtual-visit", Tags: []string{Writes}, Description: "create a virtual visit, read it as its owner (summary, wait time, terms) and not as another patient", Steps: steps}
}

// visitLifecycle waits for the mock's simulated staff to take a visit: a
// real tier has no staff to do it for a test visit, so it runs only on a
// mockdex whose clock the runner moves.
func visitLifecycle() Scenario {
	return Scenario{Name: "visit-lifecycle", Tags: []string{Writes, SimulatedStaff}, Description: "(mockdex only) a created visit is taken by the simulated staff and reaches invisit", Steps: []Step{
		createVisit("visit-lifecycle"),
		{Name: "status moves on", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{visitId}/summary", Auth: Bearer,
			Poll:   &Poll{Pointer: "/status", Until: []string{"invisit", "done"}, Every: 30 * time.Second, Deadline: 2 * time.Hour},
			Expect: Expect{Status: http.StatusOK}},
	}}
}

func proxyVisit() Scenario {
	patient := contractPatient("ehrPatientGuid")
	delete(patient, "patientGuid")
	patient["ehrIdentifier"], patient["ehrIdentifierType"], patient["homeEhr"] = "{ehrIdentifier}", "{ehrIdentifierType}", "{homeEhr}"
	steps := []Step{
		{Name: "create for another person", Host: ECVAPI, Method: http.MethodPost, Path: "/api/9/visits", Auth: Bearer, As: "{ehrPatientGuid}",
			Body: map[string]any{
				"patient": patient,
				"actor": map[string]any{"firstName": "Contract", "lastName": "Check Proxy", "phone": "206-555-0101", "gender": "other",
					"dateOfBirth": "1975-05-05", "relationshipToPatient": "parent"},
				"billingInfo":  map[string]any{"paymentMethod": "external-self-pay"},
				"visitDetails": visitDetails("proxy-visit", "other", "phone"),
			},
			Capture: map[string]string{"visitId": "/visitId"},
			Expect:  Expect{Status: http.StatusOK, Present: []string{"/visitId", "/patientGuid"}}},
		{Name: "summary", Host: ECVAPI, Method: http.MethodGet, Path: "/api/9/visits/{visitId}/summary", Auth: Bearer, As: "{ehrPatientGuid}",
			Expect: Expect{Status: http.StatusOK, JSON: map[string]any{"/visitId": "{visitId}"}}},
		{Name: "proxy without actor", Host: ECVAPI, Method: http.MethodPost, Path: "/api/9/visits", Auth: Bearer, As: "{ehrPatientGuid}",
			Body: map[string]any{
				"patient":      patient,
				"billingInfo":  map[string]any{"paymentMethod": "external-self-pay"},
				"visitDetails": visitDetails("proxy-visit without actor", "other", "phone"),
			},
			Expect: Expect{Status: http.StatusBadRequest}},
	}
	return Scenario{Name: "proxy-visit", Tags: []string{Writes}, Description: "a visit booked by a proxy (declaration other, with actor) for an EHR-identified patient", Steps: steps}
}

func guestVisit() Scenario {
	body := func() map[string]any {
		p := contractPatient("patientGuid")
		delete(p, "patientGuid")
		return map[string]any{
			"patient":      p,
			"billingInfo":  map[string]any{"paymentMethod": "external-self-pay"},
			"visitDetails": withoutKey(visitDetails("guest-visit", "self", "virtual"), "userType"),
		}
	}
	noName := body()
	delete(noName["patient"].(map[string]any), "firstName")
	path := "/v1/booking/queued-guest-visit?product=DCIntSched"
	return Scenario{Name: "guest-visit", Tags: []string{Writes}, Description: "a queued guest visit with x-api-key; missing key and missing first name refused", Steps: []Step{
		{Name: "create", Host: API, Method: http.MethodPost, Path: path, Auth: APIKey, Body: body(),
			Capture: map[string]string{"visitId": "/visitId"}, Expect: Expect{Status: http.StatusOK, Present: []string{"/visitId", "/visitRedirectUrl"}}},
		{Name: "no api key", Host: API, Method: http.MethodPost, Path: path, Body: body(),
			Expect: Expect{Status: http.StatusUnauthorized, JSON: map[string]any{"/code": "APIKEY_INVALID_OR_MISSING"}}},
		{Name: "no first name", Host: API, Method: http.MethodPost, Path: path, Auth: APIKey, Body: noName,
			Expect: Expect{Status: http.StatusBadRequest, JSON: map[string]any{"/code": "OPENAPI_VALIDATION_ERROR"}}},
	}}
}
