package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/mockdextest"
)

// A full world answers every visit create with 507 in the operation's
// own error shape, naming the limit and how to make room; strict mode
// checks each answer against the spec. A reset makes room again.
func TestVisitLimitAnswers507(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithMaxVisits(1))
	createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	limit := "This mock holds its limit of 1 visits (--max-visits); reset it (POST /_mockdex/reset) or use another namespace (X-Mockdex-Namespace) to make room"
	runCalls(t, m, []call{
		{name: "virtual visit", method: "POST", path: "/api/9/visits", body: joeVisit(t, nil), headers: []string{m.Bearer(joeGUID)},
			status: 507, want: `{"error":"` + limit + `","code":"VISIT_LIMIT_REACHED"}`},
		{name: "guest visit", method: "POST", path: guestPath, body: docsGuestWithPractice, headers: []string{m.XAPIKey()},
			status: 507, want: `{"code":"VISIT_LIMIT_REACHED","error":"` + limit + `"}`},
		{name: "provider booking", method: "POST", path: bookingPath, body: bookingBody(kentSlot("10:10"), nil),
			headers: []string{m.Bearer(patientA)}, status: 507, want: `{"error":"` + limit + `","code":"VISIT_LIMIT_REACHED"}`},
	})
	status, page := postRetail(t, m, nil)
	assert.Equal(t, http.StatusInsufficientStorage, status)
	assert.Contains(t, page, "This mock holds its limit of 1 visits")

	m.Reset()
	createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
}

// Report jobs that cannot finish (the clock stands still) are capped too.
func TestReportLimitAnswers507(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithMaxReports(1))
	body := `{"type":"virtual"}`
	runCalls(t, m, []call{
		{name: "first job", method: "POST", path: avrPath, body: body, headers: []string{m.DCToken()}, status: 200},
		{name: "second job while the first is queued", method: "POST", path: avrPath, body: body, headers: []string{m.DCToken()},
			status: 507, has: "limit of 1 unfinished report jobs"},
	})
}
