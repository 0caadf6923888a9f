package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

const visitsPath = "/api/9/visits"

func TestBodyWithDataAfterItsJSONValueIsRefused(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "visit", method: "POST", path: visitsPath, body: joeVisit(t, nil) + `{"extra":1}`, headers: []string{m.Bearer(joeGUID)},
			status: 400, want: `{"error":"request body is not valid JSON"}`},
		{name: "avr", method: "POST", path: avrPath, body: `{"type":"virtual"} x`, headers: []string{m.DCToken()},
			status: 400, want: `{"error":"request body is not valid JSON"}`},
		{name: "guest", method: "POST", path: guestPath, body: `{}{}`, headers: []string{m.XAPIKey()},
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"request body is not valid JSON"}`},
	})
	assert.Zero(t, countVisits(m), "no visit may be created from a refused body")
}

func TestWrongContentTypeNamesTheHeader(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "visit as text/plain", method: "POST", path: visitsPath, body: joeVisit(t, nil),
			headers: []string{m.Bearer(joeGUID), "Content-Type: text/plain"},
			status:  400, want: `{"error":"/header/Content-Type - must be application/json"}`},
		{name: "avr as a form", method: "POST", path: avrPath, body: "type=virtual",
			headers: []string{m.DCToken(), "Content-Type: application/x-www-form-urlencoded"},
			status:  400, want: `{"error":"'Content-Type' must be application/json"}`},
		{name: "apr as text/plain", method: "POST", path: aprPath, body: `{}`,
			headers: []string{m.DCToken(), "Content-Type: text/plain"},
			status:  400, want: `{"error":"'Content-Type' must be application/json"}`},
		{name: "retail form as JSON", method: "POST", path: "/retail", body: `{"brand":"Acme"}`,
			status: 400, has: "/header/Content-Type - must be application/x-www-form-urlencoded"},
		{name: "json with charset is json", method: "POST", path: avrPath, body: `{"type":"virtual"}`,
			headers: []string{m.DCToken(), "Content-Type: application/json; charset=utf-8"}, status: 200},
	})
}

func TestBodyThatIsNotAnObjectNamesTheBody(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "visit null", method: "POST", path: visitsPath, body: `null`, headers: []string{m.Bearer(joeGUID)},
			status: 400, want: `{"error":"/requestBody - must be object"}`},
		{name: "avr null", method: "POST", path: avrPath, body: `null`, headers: []string{m.DCToken()},
			status: 400, want: `{"error":"'requestBody' must be object"}`},
		{name: "apr array", method: "POST", path: aprPath, body: `[]`, headers: []string{m.DCToken()},
			status: 400, want: `{"error":"'requestBody' must be object"}`},
		{name: "guest string", method: "POST", path: guestPath, body: `"x"`, headers: []string{m.XAPIKey()},
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody - must be object"}`},
	})
}

// An 8 MiB body is refused with a 413 in the operation's own error shape,
// before any credential is looked at, whether its size is announced or
// not, without the mock reading the rest of it; the client can go on
// using the mock afterwards.
func TestOversizedBodyIsRefusedWith413(t *testing.T) {
	m := mockdextest.NewServer(t)
	const size = 8 << 20
	cases := []struct {
		path, auth, want string
		chunked          bool
	}{
		{avrPath, m.DCToken(), `{"error":"request body must not be larger than 1048576 bytes"}`, false},
		{avrPath, "Authorization: dc-token wrong", `{"error":"request body must not be larger than 1048576 bytes"}`, true},
		{guestPath, m.XAPIKey(), `{"code":"PAYLOAD_TOO_LARGE","error":"request body must not be larger than 1048576 bytes"}`, true},
	}
	for _, c := range cases {
		body := &countingReader{left: size}
		req, err := http.NewRequest("POST", m.URL+c.path, body)
		require.NoError(t, err)
		if !c.chunked {
			req.ContentLength = size
		}
		req.Header.Set("Content-Type", "application/json")
		name, value, _ := strings.Cut(c.auth, ": ")
		req.Header.Set(name, value)
		resp, err := m.Client.Do(req)
		require.NoError(t, err)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		assert.JSONEq(t, c.want, m.ReadBody(resp))
		assert.Less(t, body.sent(), int64(size), "the mock stopped reading; the client never sent it all")
	}
	resp := m.Do("POST", avrPath, `{"type":"virtual"}`, m.DCToken())
	assert.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
}

// countingReader yields left bytes of a JSON string's padding and counts
// what the client took.
type countingReader struct {
	mu        sync.Mutex
	left, out int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left == 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), c.left)
	for i := range p[:n] {
		p[i] = ' '
	}
	c.left -= n
	c.out += n
	return int(n), nil
}

func (c *countingReader) sent() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out
}

// A clock set back past a visit's creation reads the visit as just
// created (never an empty status), refuses to end it before it began, and
// moving the clock forward again shows it moving on as planned.
func TestClockSetBeforeAVisitWasCreated(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	m.Clock.Set(mockdextest.Epoch.Add(-time.Hour))

	s := getSummary(t, m, v.VisitID, joeGUID) // strict mode checks the status enum
	assert.Equal(t, "requested", s.Status)
	assert.Contains(t, s.Timestamps, "requested")

	resp := m.Do("POST", "/_mockdex/visits/"+v.VisitID+"/cancel", "", adminJSON)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), "move the clock forward")

	m.Clock.Set(mockdextest.Epoch.Add(2 * time.Hour))
	assert.Equal(t, "done", getSummary(t, m, v.VisitID, joeGUID).Status)
}

func countVisits(m *mockdextest.Server) int {
	n := 0
	mockOf(m).World().Visits.Each(time.Time{}, mockdextest.Epoch.Add(time.Hour), func(*fakes.Visit) bool { n++; return true })
	return n
}

// JSON Schema's integer admits 2.0 and 2e0 (Python's json.dumps writes
// 2.0), so the mock reads them as 2; a whole number past int64 is a 400
// naming the field, not "not valid JSON".
func TestWholeNumbersInFloatFormAreIntegers(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(2))
	search := func(paging string) *http.Response {
		return m.Do("POST", aprPath, `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-06-03T16:00:00Z",`+paging+`}`, m.DCToken())
	}
	var page struct {
		Count int               `json:"count"`
		Data  []json.RawMessage `json:"data"`
	}
	resp := search(`"limit":2.0,"offset":1e0`)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	m.ReadJSON(resp, &page)
	require.Greater(t, page.Count, 3, "the history must have records to page through")
	assert.Len(t, page.Data, 2)

	resp = search(`"offset":1e30`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.JSONEq(t, `{"error":"'offset' must be a whole number between -9223372036854775808 and 9223372036854775807"}`, m.ReadBody(resp))
}

// The retail form's minLength lets "   " through; a booking still needs a
// name and a reason, and nothing is booked without them.
func TestRetailFormRefusesBlankNameAndReason(t *testing.T) {
	m := mockdextest.NewServer(t)
	for _, field := range []string{"firstName", "lastName", "visitReason"} {
		status, page := postRetail(t, m, func(f url.Values) { f.Set(field, "   ") })
		assert.Equal(t, http.StatusBadRequest, status, field)
		assert.Contains(t, page, field+" must not be blank")
	}
	status, page := postRetail(t, m, nil)
	assert.Equal(t, http.StatusOK, status, "the slot must still be free: %s", page)
}

// A parameter named with no value (regionCodes=) is "empty", not of the
// wrong type.
func TestEmptyQueryValueIsCalledEmpty(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "wait times", method: "GET", path: "/api/9/regions/waittimes?regionCodes=",
			status: 400, want: `{"error":"/query/regionCodes - must not be empty"}`},
		{name: "time slots", method: "GET", path: "/v5/providers/" + jennyNPI + "/timeslots?daysOfSlots=", headers: []string{m.XAPIKey()},
			status: 400, want: `{"errorCode":400001,"message":"/query/daysOfSlots - must not be empty"}`},
	})
}

// Visit ids that are not UUIDs: acceptTerms declares the format (as the
// published file does) and answers its documented 400; summary and wait
// time take any string and answer 404, exactly as for an unknown id.
func TestMalformedVisitIDs(t *testing.T) {
	m := mockdextest.NewServer(t)
	bearer := m.Bearer(joeGUID)
	runCalls(t, m, []call{
		{name: "accept terms", method: "PUT", path: "/api/9/visits/not-a-uuid/acceptTerms", headers: []string{bearer},
			status: 400, want: `{"error":"/path/visitId - must match format \"uuid\""}`},
		{name: "summary", method: "GET", path: "/api/9/visits/a%2Fb/summary", headers: []string{bearer},
			status: 404, want: `{"error":"Visit not found"}`},
		{name: "wait time", method: "GET", path: "/api/9/visits/%E2%98%83/waittime", headers: []string{bearer},
			status: 404, want: `{"error":"Visit not found"}`},
	})
}
