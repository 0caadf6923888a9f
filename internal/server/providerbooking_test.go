package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
	"github.com/mockdex/mockdex/mockdextest"
)

const (
	jennyNPI   = "1629394572"
	kentDept   = "123446001"
	provwamt   = "org.providence.dig.epic.provwamt"
	patientA   = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	bookedSlot = `"status":"scheduled"`
)

// slotID encodes a slot handle the way the timeslots listing does.
func slotID(date, hhmmss string, minutes int, visitTypeID, departmentID string) string {
	return slotid.Handle{Date: date, Time: hhmmss, Duration: minutes, VisitTypeID: visitTypeID,
		VisitType: "NewPatient", Timezone: "America/Los_Angeles", DepartmentID: departmentID,
		SlotType: "NewPatient", Version: "3.0"}.Encode()
}

// kentSlot is a Kent clinic NewPatient slot on Tuesday 2024-06-04, the day
// after mockdextest.Epoch.
func kentSlot(hhmm string) string { return slotID("2024-06-04", hhmm+":00", 30, "1234003", kentDept) }

// bookingBody is a valid self-pay booking of slot by patientA, edited by fn.
func bookingBody(slot string, fn func(b map[string]any)) string {
	b := map[string]any{
		"billingInfo": map[string]any{"paymentMethod": "self", "declaration": "self"},
		"patient":     map[string]any{"patientGuid": patientA},
		"visitDetails": map[string]any{
			"declaration": "self", "departmentId": kentDept, "ehrSystemName": provwamt,
			"nationalProviderId": jennyNPI, "slotId": slot, "visitReason": "sore throat", "visitTypeId": "1234003",
		},
	}
	if fn != nil {
		fn(b)
	}
	out, _ := json.Marshal(b)
	return string(out)
}

func section(b map[string]any, name string) map[string]any { return b[name].(map[string]any) }

func TestProviderBookingRules(t *testing.T) {
	m := mockdextest.NewServer(t)
	auth := []string{m.Bearer(patientA)}
	post := func(name string, body string, status int, want string) call {
		return call{name: name, method: "POST", path: bookingPath, body: body, headers: auth, status: status, want: want}
	}
	insurance := func(drop string) func(b map[string]any) {
		return func(b map[string]any) {
			bi := map[string]any{"paymentMethod": "insurance", "insuranceType": "manual", "insuranceProviderId": "p", "insuranceMemberId": "m"}
			delete(bi, drop)
			b["billingInfo"] = bi
		}
	}
	other := func(actor map[string]any) func(b map[string]any) {
		return func(b map[string]any) {
			section(b, "visitDetails")["declaration"] = "other"
			if actor != nil {
				b["actor"] = actor
			}
		}
	}
	set := func(field string, value any) func(b map[string]any) {
		return func(b map[string]any) { section(b, "visitDetails")[field] = value }
	}
	runCalls(t, m, []call{
		{name: "no token", method: "POST", path: bookingPath, body: bookingBody(kentSlot("10:10"), nil), status: 401, has: `"error"`},
		post("someone else's patientGuid", bookingBody(kentSlot("10:10"), func(b map[string]any) {
			section(b, "patient")["patientGuid"] = docsPatient2
		}), 403, `{"error":"patient.patientGuid does not match the signed-in user"}`),
		post("billingInfo missing", bookingBody(kentSlot("10:10"), func(b map[string]any) { delete(b, "billingInfo") }), 400, ""),
		post("insurance without insuranceType", bookingBody(kentSlot("10:10"), insurance("insuranceType")), 400,
			`{"error":"billingInfo.insuranceType is required when paymentMethod is insurance"}`),
		post("insurance without insuranceProviderId", bookingBody(kentSlot("10:10"), insurance("insuranceProviderId")), 400,
			`{"error":"billingInfo.insuranceProviderId is required when paymentMethod is insurance"}`),
		post("insurance without insuranceMemberId", bookingBody(kentSlot("10:10"), insurance("insuranceMemberId")), 400,
			`{"error":"billingInfo.insuranceMemberId is required when paymentMethod is insurance"}`),
		post("couponcode without couponCode", bookingBody(kentSlot("10:10"), func(b map[string]any) {
			b["billingInfo"] = map[string]any{"paymentMethod": "couponcode"}
		}), 400, `{"error":"billingInfo.couponCode is required when paymentMethod is couponcode"}`),
		post("declaration other without actor", bookingBody(kentSlot("10:10"), other(nil)), 400,
			`{"error":"actor is required when visitDetails.declaration is other"}`),
		post("declaration other without relationship", bookingBody(kentSlot("10:10"), other(map[string]any{"firstName": "J", "lastName": "D"})), 400,
			`{"error":"actor.relationshipToPatient is required when visitDetails.declaration is other"}`),
		post("slotId missing", bookingBody(kentSlot("10:10"), func(b map[string]any) { delete(section(b, "visitDetails"), "slotId") }), 400,
			`{"error":"/requestBody/visitDetails - must have required property 'slotId'"}`),
		post("slotId not base64", bookingBody("not a slot", nil), 400, `{"error":"visitDetails.slotId is not a valid slot id"}`),
		post("slotId base64 of junk", bookingBody("e30=", nil), 400, `{"error":"visitDetails.slotId is not a valid slot id"}`),
		post("slot in the past", bookingBody(slotID("2024-06-03", "08:40:00", 30, "1234003", kentDept), nil), 400,
			`{"error":"the time slot in visitDetails.slotId has already passed"}`),
		post("slot off the grid", bookingBody(kentSlot("10:00"), nil), 400,
			`{"error":"visitDetails.slotId does not name a slot on the department's schedule"}`),
		post("slot of another length", bookingBody(slotID("2024-06-04", "10:10:00", 15, "1234003", kentDept), nil), 400,
			`{"error":"visitDetails.slotId does not name a slot on the department's schedule"}`),
		post("slot on a Saturday", bookingBody(slotID("2024-06-08", "10:10:00", 30, "1234003", kentDept), nil), 400,
			`{"error":"visitDetails.slotId does not name a slot on the department's schedule"}`),
		post("slot's visit type not offered there", bookingBody(slotID("2024-06-04", "10:10:00", 30, "2000001", kentDept), nil), 400,
			`{"error":"the visit type in visitDetails.slotId is not offered by its department"}`),
		post("departmentId differs from the slot's", bookingBody(slotID("2024-06-04", "10:10:00", 30, "1000003", "301546001"), nil), 400,
			`{"error":"visitDetails.departmentId does not match the department of visitDetails.slotId"}`),
		post("ehrSystemName differs", bookingBody(kentSlot("10:10"), set("ehrSystemName", "epic.acme")), 400,
			`{"error":"visitDetails.ehrSystemName does not match the department's EHR system"}`),
		post("unknown provider", bookingBody(kentSlot("10:10"), set("nationalProviderId", "1000000000")), 400,
			`{"error":"visitDetails.nationalProviderId does not name a known provider"}`),
		post("provider not in that department", bookingBody(slotID("2024-06-05", "09:00:00", 30, "2000001", "405772000"), func(b map[string]any) {
			set("departmentId", "405772000")(b)
			set("ehrSystemName", "org.providence.dig.epic.provorca")(b)
		}), 400, `{"error":"the provider in visitDetails.nationalProviderId does not work in visitDetails.departmentId"}`),
		{name: "self pay books", method: "POST", path: bookingPath, body: bookingBody(kentSlot("10:10"), nil), headers: auth, status: 200, has: bookedSlot},
		post("the same slot again", bookingBody(kentSlot("10:10"), nil), 409, docsSlotTaken),
		post("the same slot as another visit type", bookingBody(slotID("2024-06-04", "10:10:00", 30, "1234004", kentDept), nil), 409, docsSlotTaken),
		{name: "insurance books", method: "POST", path: bookingPath, body: bookingBody(kentSlot("10:40"), insurance("")), headers: auth, status: 200, has: bookedSlot},
		{name: "coupon books", method: "POST", path: bookingPath, headers: auth, status: 200, has: bookedSlot,
			body: bookingBody(kentSlot("11:10"), func(b map[string]any) {
				b["billingInfo"] = map[string]any{"paymentMethod": "couponcode", "couponCode": "X"}
			})},
		{name: "declaration self ignores an incomplete actor", method: "POST", path: bookingPath, headers: auth, status: 200, has: bookedSlot,
			body: bookingBody(kentSlot("11:40"), func(b map[string]any) { b["actor"] = map[string]any{"email": "x@example.com"} })},
		{name: "declaration other with actor books", method: "POST", path: bookingPath, headers: auth, status: 200, has: bookedSlot,
			body: bookingBody(kentSlot("12:10"), other(map[string]any{"firstName": "J", "lastName": "D", "relationshipToPatient": "father"}))},
	})
}

// A booking becomes a provider_booking visit whose planned lifecycle and
// provider events follow the clock.
func TestProviderBookingRecordsVisitAndEvents(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("POST", bookingPath, bookingBody(kentSlot("10:10"), nil), m.Bearer(patientA))
	var got struct{ VisitID, SlotDateTime string }
	m.ReadJSON(resp, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "2024-06-04T10:10:00-07:00", got.SlotDateTime)

	world := mockOf(m).World()
	v, ok := world.Visits.Get(got.VisitID)
	require.True(t, ok)
	assert.Equal(t, fakes.KindProviderBooking, v.Kind)
	assert.Equal(t, []string{patientA, kentDept, provwamt, jennyNPI, "1234003", "sore throat", "self", "self", "providence"},
		[]string{v.PatientGUID, v.DepartmentID, v.EHRSystemName, v.NPI, v.VisitTypeID, v.VisitReason, v.PaymentMethod, v.Declaration, v.Brand})
	assert.Equal(t, 30, v.SlotMinutes)
	start := time.Date(2024, 6, 4, 17, 10, 0, 0, time.UTC)
	for at, want := range map[time.Time]string{
		mockdextest.Epoch: "scheduled", start.Add(-time.Second): "scheduled", start: "invisit", start.Add(30 * time.Minute): "done",
	} {
		status, _ := v.StatusAt(at)
		assert.Equal(t, want, status, "status at %s", at)
	}
	assert.Equal(t, "22606c4c-15c8-4959-ae7f-a8940356b3db", v.ProviderAt(start))
	assert.Equal(t, 3, world.Events.Len(), "booked, started and completed events")
}

// Six clients racing for one slot: one books, five are told it is taken.
func TestConcurrentBookingsOfOneSlot(t *testing.T) {
	m := mockdextest.NewServer(t)
	body, authz := bookingBody(kentSlot("13:10"), nil), "Bearer "+m.Token(patientA)
	statuses := make(chan int, 6)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", m.URL+bookingPath, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", authz)
			resp, err := m.Client.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	assert.Equal(t, map[int]int{200: 1, 409: 5}, count)
}
