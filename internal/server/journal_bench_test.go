package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/auth"
)

// The journal and the fault check run on every request, so their cost is
// measured against a mock without a journal. Handlers are stubbed with a
// fixed answer so the world does not grow under the benchmark and only
// the journal differs:
//
//	go test -run '^$' -bench Journal -benchmem ./internal/server/
func BenchmarkJournal(b *testing.B) {
	guest := `{"patient":{"firstName":"f","lastName":"l","email":"e@x.test","phone":"1","gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1","city":"c","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitReason":"r","visitTypeName":"virtual"}}`
	for _, c := range []struct {
		name string
		size int
	}{{"off", -1}, {"on", 0}} {
		s, err := newTest(testOptions{JournalSize: c.size})
		if err != nil {
			b.Fatal(err)
		}
		for id := range s.handlers {
			s.handlers[id] = func(*Call) (Answer, error) {
				return JSON(http.StatusOK, map[string]string{"visitId": "v1", "firstName": "f"}), nil
			}
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("POST", "/v1/booking/queued-guest-visit?product=DCIntSched", strings.NewReader(guest))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("x-api-key", auth.DefaultAPIKey)
				s.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
