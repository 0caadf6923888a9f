package timeline

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/mock"
)

// The default world's Kent clinic and Jenny, who works there; her Kent
// NewPatient slot on Tuesday 2024-06-04 at 10:10 is listed on Monday.
const (
	kentDept  = "123446001"
	jennyNPI  = "1629394572"
	provwamt  = "org.providence.dig.epic.provwamt"
	patientA  = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	slotStart = "2024-06-04T10:10:00-07:00"
	ns        = "bad-day"
)

// epoch is Monday 3 June 2024, 09:00 in Seattle.
var epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// closesAndTakes closes WA's virtual practice at 17:00 Seattle time and
// has the EHR take Jenny's listed Tuesday slot at 17:05.
const closesAndTakes = `{"events": [
  {"id": "wa-closes", "kind": "region-closes", "region": "WA", "practiceId": "6996d161-cd16-4556-9577-f942c3f80c80", "at": "2024-06-03T17:00:00-07:00"},
  {"id": "ehr-takes", "kind": "ehr-takes-slot", "npi": "` + jennyNPI + `", "departmentId": "` + kentDept + `", "start": "` + slotStart + `", "at": "2024-06-03T17:05:00-07:00"}
]}`

// client talks to one mock in one namespace.
type client struct {
	t   *testing.T
	url string
	ns  string
}

func (c client) do(method, path, body string, headers ...string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("X-Mockdex-Namespace", c.ns)
	if body != "" || method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, string(data)
}

func (c client) ok(method, path, body string, headers ...string) string {
	c.t.Helper()
	status, out := c.do(method, path, body, headers...)
	require.Less(c.t, status, 300, "%s %s: %s", method, path, out)
	return out
}

// setClock sets the namespace's clock to a Seattle wall time on Monday.
func (c client) setClock(hhmm string) {
	c.t.Helper()
	c.ok("POST", "/_mockdex/clock", `{"set":"2024-06-03T`+hhmm+`:00-07:00"}`)
}

const key = "x-api-key: mockdex-api-key"

// world is what each endpoint says at one clock time.
type world struct {
	waUnavailable string // WA's reason, "" when available
	listed        bool   // Jenny's provider listing has the slot
	searched      bool   // the slot search has it
	careOptions   bool   // Care Options has it
}

func (c client) look() world {
	c.t.Helper()
	var w world
	var waits []struct {
		Available bool
		Reason    string
	}
	require.NoError(c.t, json.Unmarshal([]byte(c.ok("GET", "/api/9/regions/WA/waittimes?practiceId=6996d161-cd16-4556-9577-f942c3f80c80", "")), &waits))
	require.NotEmpty(c.t, waits)
	w.waUnavailable = waits[0].Reason
	for _, x := range waits {
		require.Equal(c.t, w.waUnavailable, x.Reason, "every WA pool agrees")
	}
	w.listed = c.kentSlot("") != ""
	w.searched = strings.Contains(c.ok("POST", "/v5/slots/search", `{"criteriaItems":[{"npi":"`+jennyNPI+`","ehrInstance":"`+provwamt+`","departmentId":"`+kentDept+`"}],
		"startDate":"2024-06-04","endDate":"2024-06-04"}`, key), slotStart)
	w.careOptions = strings.Contains(c.ok("POST", "/v1/availability/slots", `{"departmentIds":["`+kentDept+`"],"clinicianNPIs":["`+jennyNPI+`"],"visitTypeNames":["NewPatient"],
		"startDate":"2024-06-04","endDate":"2024-06-04"}`, key), slotStart)
	return w
}

// book books Jenny's slot (its handle as the listing gave it before the
// EHR took it) for patientA and returns the status.
func (c client) book(slot string) (int, string) {
	c.t.Helper()
	var tok struct{ Token string }
	require.NoError(c.t, json.Unmarshal([]byte(c.ok("POST", "/_mockdex/tokens", `{"patient":"`+patientA+`"}`)), &tok))
	body := `{"billingInfo":{"paymentMethod":"self","declaration":"self"},"patient":{"patientGuid":"` + patientA + `"},
		"visitDetails":{"declaration":"self","departmentId":"` + kentDept + `","ehrSystemName":"` + provwamt + `",
		"nationalProviderId":"` + jennyNPI + `","slotId":"` + slot + `","visitReason":"sore throat","visitTypeId":"1234003"}}`
	return c.do("POST", "/api/7/visits/providerbooking?product=DexCare", body, "Authorization: Bearer "+tok.Token)
}

// kentSlot is the slotId Jenny's listing gives the slot at Kent (of the
// visit type, or any when ""), "" when it is not listed.
func (c client) kentSlot(visitTypeID string) string {
	c.t.Helper()
	var out struct {
		Slots []struct {
			DepartmentID     string
			SlotsByVisitType []struct {
				VisitTypeID  string
				ScheduleDays []struct {
					SlotTimes []struct{ SlotDateTime, SlotID string }
				}
			}
		}
	}
	require.NoError(c.t, json.Unmarshal([]byte(c.ok("GET", "/v5/providers/"+jennyNPI+"/timeslots?startDate=2024-06-04&endDate=2024-06-04", "", key)), &out))
	for _, d := range out.Slots {
		for _, vt := range d.SlotsByVisitType {
			for _, day := range vt.ScheduleDays {
				for _, s := range day.SlotTimes {
					if d.DepartmentID == kentDept && (visitTypeID == "" || vt.VisitTypeID == visitTypeID) && s.SlotDateTime == slotStart {
						return s.SlotID
					}
				}
			}
		}
	}
	return ""
}

func start(t *testing.T, dir string) (*mock.Mock, string) {
	t.Helper()
	m, err := mock.New(mock.Options{Clock: clock.NewManual(epoch), DataDir: dir})
	require.NoError(t, err)
	// Closed before the data directory is removed (cleanups run last
	// first): a mock left open writes its state files into it at the end.
	t.Cleanup(func() { _ = m.Close() })
	hs := httptest.NewServer(m)
	t.Cleanup(hs.Close)
	return m, hs.URL
}

// A timeline that closes WA at 17:00 and has the EHR take a listed slot
// at 17:05 changes wait times, the provider's listing, the slot search,
// Care Options and a booking of the slot, together, at those times;
// through a restart with --data-dir and an export and import.
func TestTimelineChangesEveryEndpointTogether(t *testing.T) {
	dir := t.TempDir()
	m1, url := start(t, dir)
	c := client{t: t, url: url, ns: ns}
	c.ok("PUT", "/_mockdex/timeline", closesAndTakes)
	slot := c.kentSlot("1234003")
	require.NotEmpty(t, slot, "Jenny's Kent slot is listed on Monday morning")

	open := world{listed: true, searched: true, careOptions: true}
	closed := world{waUnavailable: "OFF_HOURS", listed: true, searched: true, careOptions: true}
	taken := world{waUnavailable: "OFF_HOURS"}

	c.setClock("16:59")
	assert.Equal(t, open, c.look(), "16:59: WA open, the slot listed everywhere")
	c.setClock("17:00")
	assert.Equal(t, closed, c.look(), "17:00: WA closed, the slot still listed")
	c.setClock("17:04")
	assert.Equal(t, closed, c.look(), "17:04: the slot still listed")
	c.setClock("17:05")
	assert.Equal(t, taken, c.look(), "17:05: the EHR took the slot: no endpoint lists it")
	status, body := c.book(slot)
	assert.Equal(t, http.StatusConflict, status, "booking the taken slot: %s", body)

	var tl struct{ Events []struct{ ID, State string } }
	require.NoError(t, json.Unmarshal([]byte(c.ok("GET", "/_mockdex/timeline", "")), &tl))
	assert.Equal(t, []struct{ ID, State string }{{"wa-closes", "active"}, {"ehr-takes", "applied"}}, tl.Events)

	// A restart with the same data directory.
	require.NoError(t, m1.Close())
	_, url2 := start(t, dir)
	c2 := client{t: t, url: url2, ns: ns}
	assert.Equal(t, taken, c2.look(), "after a restart, at 17:05")
	status, _ = c2.book(slot)
	assert.Equal(t, http.StatusConflict, status)
	assert.JSONEq(t, c.ok("GET", "/_mockdex/timeline", ""), c2.ok("GET", "/_mockdex/timeline", ""), "the timeline and its progress came back")

	// An export and an import into another namespace.
	doc := c2.ok("GET", "/_mockdex/state", "")
	cp := client{t: t, url: url2, ns: "copy"}
	cp.ok("PUT", "/_mockdex/state", doc)
	assert.Equal(t, taken, cp.look(), "the imported namespace, at 17:05")
	status, _ = cp.book(slot)
	assert.Equal(t, http.StatusConflict, status)

	// The clock set back: a window is read against the clock, an event
	// that happened stays.
	cp.setClock("16:59")
	assert.Equal(t, world{}, cp.look(), "16:59 again: WA open, the slot still the EHR's")
}

// A reset plays the timeline again in the fresh world: events already
// due apply again on the next access.
func TestResetPlaysTheTimelineAgain(t *testing.T) {
	_, url := start(t, "")
	c := client{t: t, url: url, ns: ns}
	c.ok("PUT", "/_mockdex/timeline", closesAndTakes)
	c.setClock("17:05")
	taken := world{waUnavailable: "OFF_HOURS"}
	assert.Equal(t, taken, c.look())
	c.ok("POST", "/_mockdex/reset", "")
	assert.Equal(t, taken, c.look(), "the slot is taken again in the fresh world")
	c.ok("DELETE", "/_mockdex/timeline", "")
	c.ok("POST", "/_mockdex/reset", "")
	assert.Equal(t, world{listed: true, searched: true, careOptions: true}, c.look(), "no timeline: nothing happens")
}
