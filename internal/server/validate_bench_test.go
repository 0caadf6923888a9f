package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/auth"
)

// Request validation runs on every request, so its cost is measured here:
//
//	go test -run '^$' -bench Validate -benchmem ./internal/server/
func BenchmarkValidateRequest(b *testing.B) {
	s, err := newTest(testOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ok := func(*Call) (Answer, error) { return NoBody(204), nil }
	for id := range s.handlers {
		s.handlers[id] = ok
	}
	guest := `{"patient":{"firstName":"f","lastName":"l","email":"e@x.test","phone":"1","gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1","city":"c","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitReason":"r","visitTypeName":"virtual"}}`
	cases := []struct {
		name, method, path, body string
		header                   [2]string
	}{
		{"query-array", "GET", "/api/9/regions/waittimes?regionCodes[]=WA&regionCodes[]=CA&practiceId=6996d161-cd16-4556-9577-f942c3f80c80", "", [2]string{}},
		{"avr-body", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual","startDate":"2022-04-13T15:00:00+0000","endDate":"2022-04-14T15:00:00+0000"}`, [2]string{"Authorization", "dc-token SECRET_TOKEN"}},
		{"guest-oneOf-body", "POST", "/v1/booking/queued-guest-visit?product=DCIntSched", guest, [2]string{"x-api-key", auth.DefaultAPIKey}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
				if c.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				if c.header[0] != "" {
					req.Header.Set(c.header[0], c.header[1])
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 204 {
					b.Fatalf("%s: status %d: %s", c.name, rec.Code, rec.Body)
				}
			}
		})
	}
}
