package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// reportVisitBody is a v9 visit request for the fixture patient Joe.
const reportVisitBody = `{
 "patient": {"patientGuid": "233441f4-129f-4d0e-afaa-b3009dbe80c7", "firstName": "Joe", "lastName": "Public",
   "gender": "male", "dateOfBirth": "1970-01-01", "phone": "204-555-3233", "email": "joe.public@example.com",
   "address": {"line1": "312 S Washington St", "city": "Seattle", "state": "WA", "postalCode": "98104"}},
 "billingInfo": {"paymentMethod": "couponcode", "couponCode": "kyle1"},
 "visitDetails": {"practiceId": "6996d161-cd16-4556-9577-f942c3f80c80", "stateLicensure": "WA",
   "visitTypeName": "virtual", "visitReason": "sore throat", "brand": "providence",
   "acceptedTerms": true, "declaration": "self"}}`

// TestReportingEndToEnd is a reporting client's whole day over HTTP:
// visits are made, a virtual AVR is started, polled and downloaded, and
// the provider events of those visits are found in the APR.
func TestReportingEndToEnd(t *testing.T) {
	m := mockdextest.NewServer(t)
	var ids []string
	for i := 0; i < 3; i++ {
		resp := m.Do("POST", "/api/9/visits", reportVisitBody, m.Bearer("233441f4-129f-4d0e-afaa-b3009dbe80c7"))
		require.Equal(t, 200, resp.StatusCode)
		var created struct {
			VisitID string `json:"visitId"`
		}
		m.ReadJSON(resp, &created)
		ids = append(ids, created.VisitID)
		m.Clock.Advance(time.Minute)
	}
	m.Clock.Advance(time.Hour)

	id := startAVR(t, m, `{"type":"virtual"}`)
	assert.Contains(t, []string{"QUEUED", "RUNNING"}, avrStatus(t, m, id))
	resp := m.Do("GET", avrPath+"/"+id+"/data", "", m.DCToken())
	assert.Equal(t, 400, resp.StatusCode)
	assert.JSONEq(t, `{"error":"QueryExecution did not succeed"}`, m.ReadBody(resp))
	for i := 0; i < 60 && avrStatus(t, m, id) != "SUCCEEDED"; i++ {
		m.Clock.Advance(time.Second)
	}
	require.Equal(t, "SUCCEEDED", avrStatus(t, m, id))
	var got []string
	for _, row := range avrCSV(t, m, id)[1:] {
		got = append(got, row[0])
	}
	assert.Equal(t, ids, got)

	for _, v := range ids {
		page := searchAPR(t, m, map[string]any{"visitId": v, "action": "ASSIGNED"})
		assert.Equal(t, 1, page.Count, "visit %s was assigned once", v)
	}
}

// BenchmarkServerStartWithHistory is the start-up cost of a server with
// the command line's default 14 days of history: spec, fixtures and world.
//
//	go test ./internal/server/ -run '^$' -bench ServerStartWithHistory -benchmem
func BenchmarkServerStartWithHistory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		mockdextest.NewServer(b, mockdextest.WithHistoryDays(14), mockdextest.Lenient())
	}
}
