package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// The three request bodies of DexCare's "Booking Appointments" page,
// verbatim.
const (
	docsBookSelfPay = `{
"billingInfo": {"paymentMethod": "self", "declaration": "self"},
"patient": {"patientGuid": "asdff515-09ba-4551-a5c2-e6680fc41111",
  "address": {"line1": "line1", "line2": "line2", "city": "city", "state": "WA", "postalCode": "98092"}},
"visitDetails": {"declaration": "self", "departmentId": "123446001", "ehrSystemName": "org.providence.dig.epic.provwamt",
  "nationalProviderId": "1629394572",
  "slotId": "ewogICJkYXRlIjogIjIwMjMtMDEtMDUiLAogICJ0aW1lIjogIjE0OjQwOjAwIiwKICAiZHVyYXRpb24iOiAzMCwKICAidmlzaXRUeXBlSWQiOiAiMTIzNDAwMyIsCiAgInZpc2l0VHlwZSI6ICJOZXdQYXRpZW50IiwKICAidGltZXpvbmUiOiAiQW1lcmljYS9Mb3NfQW5nZWxlcyIsCiAgImRlcGFydG1lbnRJZCI6ICIxMjM0NDYwMDEiLAogICJzbG90VHlwZSI6ICJOZXdQYXRpZW50IiwKICAidmVyc2lvbiI6ICIzLjAiCn0=",
  "visitReason": "congestion, fever", "visitTypeId": "1000003"}}`
	docsBookSelfInsurance = `{
"billingInfo": {"paymentMethod": "insurance", "insuranceType": "manual", "insuranceProviderId": "placeholder",
  "insuranceMemberId": "22222222222222222222", "insuranceGroupNumber": "30charsalphanumericisoptional", "declaration": "self"},
"patient": {"patientGuid": "f36af515-09ba-4551-a5c2-e6680fc41886",
  "address": {"line1": "line1", "line2": "line2", "city": "city", "state": "WA", "postalCode": "98092"}},
"visitDetails": {"declaration": "self", "departmentId": "301546001", "ehrSystemName": "org.providence.dig.epic.provwamt",
  "nationalProviderId": "1629394572",
  "slotId": "eyJkYXRlIjoiMjAyMy0wMS0wNSIsInRpbWUiOiIxNDo0MDowMCIsImR1cmF0aW9uIjozMCwidmlzaXRUeXBlSWQiOiIxMDAwMDAzIiwidmlzaXRUeXBlIjoiTmV3UGF0aWVudCIsInRpbWV6b25lIjoiQW1lcmljYS9Mb3NfQW5nZWxlcyIsImRlcGFydG1lbnRJZCI6IjMwMTU0NjAwMSIsInNsb3RUeXBlIjoiTmV3UGF0aWVudCIsInZlcnNpb24iOiIzLjAifQ==",
  "visitReason": "ow my testing hurts", "visitTypeId": "1000003"}}`
	docsBookChild = `{
"actor": {"email": "testpatient@example.com", "firstName": "Jane", "lastName": "Doe", "gender": "female",
  "dateOfBirth": "2000-11-11", "relationshipToPatient": "mother", "phone": "555-555-5555"},
"billingInfo": {"paymentMethod": "insurance", "insuranceType": "manual", "insuranceProviderId": "placeholder",
  "insuranceMemberId": "22222222222222222222", "insuranceGroupNumber": "30charsalphanumericisoptional", "declaration": "self",
  "firstName": "ExistingPatient", "lastName": "ExistingPatient", "gender": "female", "sex": "female", "dateOfBirth": "2000-11-11"},
"patient": {"patientGuid": "f36af515-09ba-4551-a5c2-e6680fc41886",
  "address": {"line1": "1234 yay", "line2": "st", "city": "portland", "state": "CA", "postalCode": "94949"}},
"visitDetails": {"declaration": "other", "departmentId": "301546001", "ehrSystemName": "org.providence.dig.epic.provwamt",
  "nationalProviderId": "1629394572",
  "slotId": "eyJkYXRlIjoiMjAyMy0wMS0wNSIsInRpbWUiOiIxNDo0MDowMCIsImR1cmF0aW9uIjozMCwidmlzaXRUeXBlSWQiOiIxMDAwMDAzIiwidmlzaXRUeXBlIjoiTmV3UGF0aWVudCIsInRpbWV6b25lIjoiQW1lcmljYS9Mb3NfQW5nZWxlcyIsImRlcGFydG1lbnRJZCI6IjMwMTU0NjAwMSIsInNsb3RUeXBlIjoiTmV3UGF0aWVudCIsInZlcnNpb24iOiIzLjAifQ==",
  "visitReason": "ow my testing hurts", "visitTypeId": "1000003"}}`
)

const (
	bookingPath   = "/api/7/visits/providerbooking"
	docsPatient1  = "asdff515-09ba-4551-a5c2-e6680fc41111"
	docsPatient2  = "f36af515-09ba-4551-a5c2-e6680fc41886"
	docsSlotTaken = `{"error":"the time slot is no longer available"}`
)

// Before the docs' slot (Thursday 2023-01-05 14:40 Pacific) the examples
// book; the same slot again conflicts.
func TestDocsBookingExamplesBeforeTheSlot(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2023, 1, 2, 16, 0, 0, 0, time.UTC)))
	runCalls(t, m, []call{
		{name: "self pay books", method: "POST", path: bookingPath, body: docsBookSelfPay, headers: []string{m.Bearer(docsPatient1)},
			status: 200, has: `"slotDateTime":"2023-01-05T14:40:00-08:00"`},
		{name: "self pay again conflicts", method: "POST", path: bookingPath, body: docsBookSelfPay, headers: []string{m.Bearer(docsPatient1)},
			status: 409, want: docsSlotTaken},
		{name: "insurance books the other clinic", method: "POST", path: bookingPath, body: docsBookSelfInsurance, headers: []string{m.Bearer(docsPatient2)},
			status: 200, has: `"departmentId":"301546001"`},
		{name: "child booking of the same slot conflicts", method: "POST", path: bookingPath, body: docsBookChild, headers: []string{m.Bearer(docsPatient2)},
			status: 409, want: docsSlotTaken},
	})
}

func TestDocsChildExampleBooksWithActor(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2023, 1, 2, 16, 0, 0, 0, time.UTC)))
	resp := m.Do("POST", bookingPath, docsBookChild, m.Bearer(docsPatient2))
	var got struct{ VisitID string }
	m.ReadJSON(resp, &got)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	v, ok := mockOf(m).World().Visits.Get(got.VisitID)
	if assert.True(t, ok) && assert.NotNil(t, v.Actor) {
		assert.Equal(t, "mother", v.Actor.Relation)
		assert.Equal(t, "other", v.Declaration)
		assert.Equal(t, "insurance", v.PaymentMethod)
		assert.Equal(t, docsPatient2, v.UserID)
	}
	now := m.Clock.Now()
	_, evs := mockOf(m).World().Events.Search(fakes.EventQuery{To: now, Now: now, Limit: 10, VisitID: got.VisitID})
	if assert.Len(t, evs, 1, "only booked has happened yet") {
		booked := evs[0]
		assert.Equal(t, []string{"booked", "Jane", "Doe", "testpatient@example.com", "Jenny Generic"},
			[]string{booked.Action, booked.ActorFirstName, booked.ActorLastName, booked.ActorEmail, booked.ProviderName})
		assert.Equal(t, v.Actor.ID, booked.ActorID)
		assert.NotEqual(t, docsPatient2, booked.ActorID, "the mother acted, not the patient")
	}
}

// After the slot's date every example is refused as past.
func TestDocsBookingExamplesAfterTheSlot(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2023, 1, 6, 16, 0, 0, 0, time.UTC)))
	past := `{"error":"the time slot in visitDetails.slotId has already passed"}`
	runCalls(t, m, []call{
		{name: "self pay", method: "POST", path: bookingPath, body: docsBookSelfPay, headers: []string{m.Bearer(docsPatient1)}, status: 400, want: past},
		{name: "insurance", method: "POST", path: bookingPath, body: docsBookSelfInsurance, headers: []string{m.Bearer(docsPatient2)}, status: 400, want: past},
		{name: "child", method: "POST", path: bookingPath, body: docsBookChild, headers: []string{m.Bearer(docsPatient2)}, status: 400, want: past},
	})
}
