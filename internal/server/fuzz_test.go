package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/mockdextest"
)

// fuzzOp is one spec operation as the fuzzer drives it: a path with an
// optional {id} slot the fuzzer fills, the credential it needs, and a
// valid body to seed the corpus with.
type fuzzOp struct {
	method, path, ctype, body string
	auth                      func(m *mockdextest.Server) string
}

// fuzzPII is patient data in the seed JSON bodies: a JSON error answer
// must never echo it back. (The retail page may refill its own form with
// what the visitor typed, as any web form does.)
var fuzzPII = []string{"Zelda", "Quux", "zq@example.test", "2065550199", "1958-06-07"}

const (
	fuzzGuestBody  = `{"patient":{"firstName":"Zelda","lastName":"Quux","email":"zq@example.test","phone":"2065550199","gender":"female","dateOfBirth":"1958-06-07","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitReason":"cough","visitTypeName":"virtual"}}`
	fuzzVisitBody  = `{"patient":{"patientGuid":"233441f4-129f-4d0e-afaa-b3009dbe80c7","firstName":"Zelda","lastName":"Quux","gender":"female","dateOfBirth":"1958-06-07","phone":"2065550199","email":"zq@example.test","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98104"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"kyle1"},"visitDetails":{"practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitTypeName":"virtual","visitReason":"cough","brand":"providence","acceptedTerms":true,"declaration":"self"}}`
	fuzzBookBody   = `{"billingInfo":{"paymentMethod":"self","declaration":"self"},"patient":{"patientGuid":"233441f4-129f-4d0e-afaa-b3009dbe80c7"},"visitDetails":{"declaration":"self","departmentId":"123446001","ehrSystemName":"org.providence.dig.epic.provwamt","nationalProviderId":"1629394572","slotId":"eyJkYXRlIjoiMjAyNC0wNi0wNCIsInRpbWUiOiIxMDoxMDowMCJ9","visitReason":"cough","visitTypeId":"1234003"}}`
	fuzzRetailForm = "timeSlot=2024-06-03T15%3A40%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=Lovelace&dateOfBirth=1990-12-10&visitReason=ankle"
	fuzzJSON       = "application/json"
)

func fuzzOps() []fuzzOp {
	dc := func(m *mockdextest.Server) string { return "Authorization: dc-token " + m.ServiceKey() }
	key := func(m *mockdextest.Server) string { return "x-api-key: " + m.APIKey() }
	// Minted directly: a fuzz target may not use the mock's helpers, which
	// fail through the *testing.F. The fuzz mocks' clock stays at Epoch.
	joe := func(*mockdextest.Server) string {
		tok, _ := auth.Mint(auth.DefaultJWTSecret, joeGUID, mockdextest.Epoch, time.Hour)
		return "Authorization: Bearer " + tok
	}
	none := func(*mockdextest.Server) string { return "" }
	return []fuzzOp{
		{"POST", "/api/8/reporting/allvisitsreport", fuzzJSON, `{"type":"virtual","startDate":"2024-05-30T00:00:00Z","endDate":"2024-06-03T00:00:00Z"}`, dc},
		{"GET", "/api/8/reporting/allvisitsreport/{id}", "", "", dc},
		{"GET", "/api/8/reporting/allvisitsreport/{id}/data", "", "", dc},
		{"POST", "/v1/reporting/providerhistories", fuzzJSON, `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-06-03T00:00:00Z","action":"assigned","limit":7,"offset":0}`, dc},
		{"GET", "/api/8/practices/{id}", "", "", none},
		{"GET", "/api/8/DexCare/practices/{id}", "", "", none},
		{"GET", "/api/9/regions/waittimes", "", "", none},
		{"GET", "/api/9/regions/{id}/waittimes", "", "", none},
		{"GET", "/api/9/assignmentqualifiers", "", "", none},
		{"GET", "/api/9/modalities", "", "", none},
		{"POST", "/api/9/visits", fuzzJSON, fuzzVisitBody, joe},
		{"GET", "/api/9/visits/{id}/summary", "", "", joe},
		{"GET", "/api/9/visits/{id}/waittime", "", "", joe},
		{"PUT", "/api/9/visits/{id}/acceptTerms", "", "", joe},
		{"POST", "/v1/booking/queued-guest-visit", fuzzJSON, fuzzGuestBody, key},
		{"GET", "/v5/providers/{id}/timeslots", "", "", key},
		{"POST", "/api/7/visits/providerbooking", fuzzJSON, bookingBody(kentSlot("10:10"), nil), joe},
		{"GET", "/retail", "", "", none},
		{"POST", "/retail", "application/x-www-form-urlencoded", fuzzRetailForm, none},
		{"GET", "/visit/{id}", "", "", none},
	}
}

// fuzzSeeds are (path id, query) pairs worth starting from.
var fuzzSeeds = [][2]string{
	{"6996d161-cd16-4556-9577-f942c3f80c80", ""},
	{"WA", "regionCodes=WA&regionCodes[]=OR&practiceId=6996d161-cd16-4556-9577-f942c3f80c80"},
	{"1629394572", "daysOfSlots=2&visitTypeName=NewPatient&startDate=2024-06-04"},
	{"a/b", "timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme"},
	{"☃", "brand=Acme&aggregate=true&searchContext=x"},
}

// FuzzOperations sends fuzzed path ids, query strings, bodies and content
// types to every operation with valid credentials. Whatever arrives, the
// mock answers below 500, in a well-formed body of the type it declares,
// within the spec, and without echoing patient data in an error.
func FuzzOperations(f *testing.F) {
	ops := fuzzOps()
	for i, op := range ops {
		for _, s := range fuzzSeeds {
			f.Add(uint8(i), s[0], s[1], []byte(op.body), uint8(0))
		}
		f.Add(uint8(i), "x", "", []byte(`{"type":`), uint8(1))
		f.Add(uint8(i), "x", "", []byte(`null`), uint8(2))
	}
	m := mockdextest.NewServer(f, mockdextest.Lenient())
	router, err := gorillamux.NewRouter(mockOf(m).Spec())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, opIdx uint8, id, query string, body []byte, ctype uint8) {
		op := ops[int(opIdx)%len(ops)]
		req, ok := fuzzRequest(m, op, id, query, body, ctype)
		if !ok {
			return
		}
		mockOf(m).Reset() // each input meets the same fresh world
		rec := httptest.NewRecorder()
		mockOf(m).ServeHTTP(rec, req.Clone(req.Context()))
		checkFuzzResponse(t, rec, specBreach(router, req, rec))
	})
}

// specBreach checks any answer to a routed request against the spec,
// status included. Strict mode cannot do this for the answers request
// validation gives, since they are written before a handler runs.
func specBreach(router routers.Router, req *http.Request, rec *httptest.ResponseRecorder) error {
	route, params, err := router.FindRoute(req)
	if err != nil {
		return nil // not an operation: the 404 and 405 answers are the mock's own
	}
	return openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	})
}

// fuzzRequest builds the request, or reports false for input no HTTP
// client could send (a query net/url cannot carry).
func fuzzRequest(m *mockdextest.Server, op fuzzOp, id, query string, body []byte, ctype uint8) (*http.Request, bool) {
	u := &url.URL{Path: strings.ReplaceAll(op.path, "{id}", id), RawQuery: query}
	if strings.ContainsAny(query, " \x00\r\n#") {
		return nil, false
	}
	req := httptest.NewRequest(op.method, "http://mockdex.test/", bytes.NewReader(body))
	req.URL = u
	req.RequestURI = u.RequestURI()
	types := []string{op.ctype, fuzzJSON, "text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=utf-8"}
	if ct := types[int(ctype)%len(types)]; ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if h := op.auth(m); h != "" {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(name, strings.TrimSpace(value))
	}
	return req, true
}

func checkFuzzResponse(t *testing.T, rec *httptest.ResponseRecorder, breach error) {
	t.Helper()
	body := rec.Body.Bytes()
	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	if breach != nil {
		t.Fatalf("response breaks the spec: %v", breach)
	}
	switch ct := rec.Header().Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/json"):
		if !json.Valid(body) {
			t.Fatalf("%d answered invalid JSON: %q", rec.Code, body)
		}
	case strings.HasPrefix(ct, "text/csv"):
		if _, err := csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil {
			t.Fatalf("%d answered invalid CSV: %v", rec.Code, err)
		}
	case strings.HasPrefix(ct, "text/html"):
		if !bytes.Contains(body, []byte("</html>")) {
			t.Fatalf("%d answered a truncated page", rec.Code)
		}
	case len(body) > 0:
		t.Fatalf("%d answered %d bytes with Content-Type %q", rec.Code, len(body), ct)
	}
	if rec.Code >= 400 && !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		for _, p := range fuzzPII {
			if bytes.Contains(body, []byte(p)) {
				t.Fatalf("%d error answer echoes patient data %q: %s", rec.Code, p, body)
			}
		}
	}
}
