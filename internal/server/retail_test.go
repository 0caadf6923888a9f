package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// docsRetailURL is the docs' hand-off example: a slot long past.
const docsRetailURL = "/retail?timeSlot=2021-04-24T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme"

func retailURL(slot, dept string) string {
	return "/retail?" + url.Values{"timeSlot": {slot}, "departmentUrlName": {dept}, "brand": {"Acme"}}.Encode()
}

// postRetail submits the booking form as a browser would.
func postRetail(t *testing.T, m *mockdextest.Server, edit func(url.Values)) (int, string) {
	t.Helper()
	form := url.Values{
		"timeSlot": {"2024-06-03T15:40:00-07:00"}, "departmentUrlName": {"AcmeC4"}, "brand": {"Acme"},
		"firstName": {"Ada"}, "lastName": {"Lovelace"}, "dateOfBirth": {"1990-12-10"}, "visitReason": {"sprained ankle"},
	}
	if edit != nil {
		edit(form)
	}
	resp, err := m.Client.Post(m.URL+"/retail", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	return resp.StatusCode, m.ReadBody(resp)
}

func TestRetailPage(t *testing.T) {
	m := mockdextest.NewServer(t) // Monday 09:00 in Seattle
	runCalls(t, m, []call{
		{name: "brand missing", method: "GET", path: "/retail?timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4",
			status: 400, has: `must have required property &#39;brand&#39;`},
		{name: "unknown brand", method: "GET", path: "/retail?timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Nope",
			status: 404, has: "We could not find that brand."},
		{name: "unknown clinic", method: "GET", path: retailURL("2024-06-03T15:40:00-07:00", "AcmeC99"),
			status: 404, has: "We could not find that clinic."},
		{name: "clinic of another brand", method: "GET", path: retailURL("2024-06-03T15:40:00-07:00", "ProvKent"),
			status: 404, has: "We could not find that clinic."},
		{name: "no clinic without aggregate", method: "GET", path: "/retail?timeSlot=2024-06-03T15:40:00-07:00&brand=Acme",
			status: 400, has: "departmentUrlName is required unless aggregate=true."},
		{name: "unreadable time", method: "GET", path: retailURL("next tuesday", "AcmeC4"),
			status: 400, has: "timeSlot must be a date and time"},
		{name: "docs example has passed", method: "GET", path: docsRetailURL,
			status: 200, has: "The time you chose has passed."},
		{name: "past slot offers the next free ones", method: "GET", path: docsRetailURL,
			status: 200, has: `href="/retail?brand=Acme&amp;departmentUrlName=AcmeC4&amp;timeSlot=2024-06-03T09%3A20%3A00-07%3A00"`},
		{name: "free slot shows the form", method: "GET", path: retailURL("2024-06-03T15:40:00-07:00", "AcmeC4"),
			status: 200, has: `name="timeSlot" value="2024-06-03T15:40:00-07:00"`},
		{name: "same instant in UTC", method: "GET", path: retailURL("2024-06-03T22:40:00Z", "AcmeC4"),
			status: 200, has: "Monday, June 3 at 3:40 PM PDT"},
		{name: "time off the grid", method: "GET", path: retailURL("2024-06-03T15:45:00-07:00", "AcmeC4"),
			status: 200, has: "no longer available"},
		{name: "care options without clinic or search", method: "GET", path: "/retail?timeSlot=2024-06-03T15:40:00-07:00&brand=Acme&aggregate=true",
			status: 200, has: `name="departmentUrlName" value="AcmeC4"`},
		{name: "a searchContext no search gave", method: "GET", path: "/retail?timeSlot=2024-06-03T15:40:00-07:00&brand=Acme&aggregate=true&searchContext=abc",
			status: 400, has: "This link&#39;s searchContext is not one a Care Options search gave."},
	})
}

func TestRetailFormLabelsEveryField(t *testing.T) {
	m := mockdextest.NewServer(t)
	body := m.ReadBody(m.Do("GET", retailURL("2024-06-03T15:40:00-07:00", "AcmeC4"), ""))
	for _, id := range regexp.MustCompile(`<(?:input|textarea) id="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		assert.Contains(t, body, `<label for="`+id[1]+`">`)
	}
	assert.Contains(t, body, `<h1>Book your visit</h1>`)
	assert.NotContains(t, body, "http://", "no external assets")
	assert.NotContains(t, body, "https://", "no external assets")
}

func TestRetailBookingFlow(t *testing.T) {
	m := mockdextest.NewServer(t)
	status, body := postRetail(t, m, nil)
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "Your visit is booked")
	id := regexp.MustCompile(`<code id="visit-id">([0-9a-f-]{36})</code>`).FindStringSubmatch(body)
	require.Len(t, id, 2, body)

	v, ok := mockOf(m).World().Visits.Get(id[1])
	require.True(t, ok)
	assert.Equal(t, fakes.KindRetail, v.Kind)
	assert.Equal(t, []string{"900100004", "epic.acme", "3000001", "Acme", "sprained ankle", "America/Los_Angeles"},
		[]string{v.DepartmentID, v.EHRSystemName, v.VisitTypeID, v.Brand, v.VisitReason, v.Timezone})
	p, ok := mockOf(m).World().Patients.ByGUID(v.PatientGUID)
	require.True(t, ok, "the retail patient is stored")
	assert.Equal(t, "Lovelace", p.LastName)

	status, body = postRetail(t, m, nil)
	assert.Equal(t, http.StatusConflict, status)
	assert.Contains(t, body, "Someone else has just booked that time.")

	resp := m.Do("GET", retailURL("2024-06-03T15:40:00-07:00", "AcmeC4"), "")
	status, body = resp.StatusCode, m.ReadBody(resp)
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "no longer available", "a booked slot is not offered again")
}

func TestRetailAggregateSkipsTakenClinic(t *testing.T) {
	m := mockdextest.NewServer(t)
	// 15:00 in Seattle is 16:00 in Denver: a slot at both Acme clinics.
	status, _ := postRetail(t, m, func(f url.Values) { f.Set("timeSlot", "2024-06-03T15:00:00-07:00") })
	require.Equal(t, http.StatusOK, status)
	sc := fakes.CareSearch{ClinicTypes: []string{"Retail"}}.Context() // every retail clinic
	body := m.ReadBody(m.Do("GET", "/retail?timeSlot=2024-06-03T16:00:00-06:00&brand=Acme&aggregate=true&searchContext="+sc, ""))
	assert.Contains(t, body, `name="departmentUrlName" value="AcmeC7"`)
	assert.Contains(t, body, `name="searchContext" value="`+sc+`"`)
}

func TestRetailSubmitRefusals(t *testing.T) {
	m := mockdextest.NewServer(t)
	for name, tc := range map[string]struct {
		edit   func(url.Values)
		status int
		has    string
	}{
		"missing first name": {func(f url.Values) { f.Del("firstName") }, 400, "firstName"},
		"past slot":          {func(f url.Values) { f.Set("timeSlot", "2024-06-03T08:40:00-07:00") }, 400, "The time you chose has passed."},
		"off the grid":       {func(f url.Values) { f.Set("timeSlot", "2024-06-03T15:45:00-07:00") }, 400, "not one of the clinic&#39;s appointment times"},
		"unknown clinic":     {func(f url.Values) { f.Set("departmentUrlName", "Nowhere") }, 404, "We could not find that clinic."},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := postRetail(t, m, tc.edit)
			assert.Equal(t, tc.status, status, body)
			assert.Contains(t, body, tc.has)
		})
	}
}
