//go:build probe

package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/mockdextest"
)

type probeOp struct {
	name, method, path, ctype, body string
	headers                         []string
}

const guestOK = `{"patient":{"firstName":"Zelda","lastName":"Quux","email":"zq@x.test","phone":"2065551234","gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1","city":"c","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitReason":"r","visitTypeName":"virtual"}}`

func probeOps(t *testing.T, m *mockdextest.Server) []probeOp {
	j := "application/json"
	vis := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	return []probeOp{
		{"startAvr", "POST", "/api/8/reporting/allvisitsreport", j, `{"type":"virtual"}`, []string{m.DCToken()}},
		{"avrStatus", "GET", "/api/8/reporting/allvisitsreport/6996d161-cd16-4556-9577-f942c3f80c80", "", "", []string{m.DCToken()}},
		{"avrData", "GET", "/api/8/reporting/allvisitsreport/6996d161-cd16-4556-9577-f942c3f80c80/data", "", "", []string{m.DCToken()}},
		{"apr", "POST", "/v1/reporting/providerhistories", j, `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-06-03T00:00:00Z"}`, []string{m.DCToken()}},
		{"practice", "GET", "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80", "", "", nil},
		{"practice2", "GET", "/api/8/DexCare/practices/6996d161-cd16-4556-9577-f942c3f80c80", "", "", nil},
		{"waittimes", "GET", "/api/9/regions/waittimes?regionCodes=WA", "", "", nil},
		{"regionwait", "GET", "/api/9/regions/WA/waittimes", "", "", nil},
		{"qualifiers", "GET", "/api/9/assignmentqualifiers", "", "", nil},
		{"modalities", "GET", "/api/9/modalities", "", "", nil},
		{"createVisit", "POST", "/api/9/visits", j, joeVisit(t, nil), []string{m.Bearer(joeGUID)}},
		{"summary", "GET", "/api/9/visits/" + vis.VisitID + "/summary", "", "", []string{m.Bearer(joeGUID)}},
		{"visitwait", "GET", "/api/9/visits/" + vis.VisitID + "/waittime", "", "", []string{m.Bearer(joeGUID)}},
		{"acceptTerms", "POST", "/api/9/visits/" + vis.VisitID + "/acceptTerms", j, `{"acceptTerms":true}`, []string{m.Bearer(joeGUID)}},
		{"guest", "POST", "/v1/booking/queued-guest-visit?product=DCIntSched", j, guestOK, []string{m.XAPIKey()}},
		{"timeslots", "GET", "/v5/providers/1629394572/timeslots", "", "", []string{m.XAPIKey()}},
		{"booking", "POST", "/api/7/visits/providerbooking", j, bookingBody(kentSlot("10:00"), nil), []string{m.Bearer(patientA)}},
		{"retailGet", "GET", "/retail?timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme", "", "", nil},
		{"retailPost", "POST", "/retail", "application/x-www-form-urlencoded", "timeSlot=2024-06-03T15%3A40%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=Lovelace&dateOfBirth=1990-12-10&visitReason=x", nil},
		{"waitingRoom", "GET", "/visit/" + vis.VisitID, "", "", nil},
	}
}

type mutation struct {
	name  string
	ctype func(string) string
	body  func(string) string
	path  func(string) string
}

func keep(s string) string { return s }

func mutations() []mutation {
	big := strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)
	huge := `{"x":"` + strings.Repeat("a", 6<<20) + `"}`
	jsonCT := func(string) string { return "application/json" }
	return []mutation{
		{"valid", keep, keep, keep},
		{"malformed", jsonCT, func(string) string { return `{"type":` }, keep},
		{"array", jsonCT, func(string) string { return `[]` }, keep},
		{"string", jsonCT, func(string) string { return `"x"` }, keep},
		{"null", jsonCT, func(string) string { return `null` }, keep},
		{"number", jsonCT, func(string) string { return `12` }, keep},
		{"empty+ct", jsonCT, func(string) string { return `` }, keep},
		{"empty-noct", func(string) string { return "" }, func(string) string { return `` }, keep},
		{"textplain", func(string) string { return "text/plain" }, keep, keep},
		{"form", func(string) string { return "application/x-www-form-urlencoded" }, func(string) string { return "a=b&type=virtual" }, keep},
		{"deep", jsonCT, func(string) string { return big }, keep},
		{"huge", jsonCT, func(string) string { return huge }, keep},
		{"trailing", jsonCT, func(b string) string { return b + `{}` }, keep},
		{"extra", jsonCT, func(b string) string {
			if strings.HasPrefix(b, "{") {
				return `{"zzextra":1,` + b[1:]
			}
			return b
		}, keep},
		{"unicode", jsonCT, func(b string) string {
			return strings.ReplaceAll(strings.ReplaceAll(b, `"r"`, `"\ud800 \u0000 ☃ \uFFFF"`), `"sore throat"`, `"\ud800\u0000☃"`)
		}, keep},
		{"invalidutf8", jsonCT, func(b string) string { return strings.ReplaceAll(b, `"virtual"`, "\"vi\xff\xfe\"") }, keep},
		{"dupquery", keep, keep, func(p string) string { return p + sep(p) + "regionCodes=WA&regionCodes=OR&product=a&product=b&daysOfSlots=1&daysOfSlots=2&brand=Acme&brand=x" }},
		{"bracket", keep, keep, func(p string) string { return p + sep(p) + "regionCodes[]=WA&visitTypeName[]=x&regionCodes%5B%5D=OR" }},
		{"badquery", keep, keep, func(p string) string { return p + sep(p) + "daysOfSlots=abc&limit=-1&startDate=xx&%zz=1" }},
		{"pct2f", keep, keep, func(p string) string { return replaceID(p, "a%2Fb") }},
		{"unicodeid", keep, keep, func(p string) string { return replaceID(p, "%E2%98%83%F0%9F%98%80") }},
		{"longid", keep, keep, func(p string) string { return replaceID(p, strings.Repeat("9", 20000)) }},
		{"nulid", keep, keep, func(p string) string { return replaceID(p, "%00") }},
	}
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

// replaceID swaps the first id-like path segment.
func replaceID(p, id string) string {
	path, q, _ := strings.Cut(p, "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if len(s) >= 2 && (strings.Count(s, "-") == 4 || s == "WA" || s == "1629394572") {
			segs[i] = id
			break
		}
	}
	out := strings.Join(segs, "/")
	if q != "" {
		out += "?" + q
	}
	return out
}

var pii = []string{"Joe", "Public", "joe.public", "204-555", "1970-01-01", "Zelda", "Quux", "zq@x", "2065551234", "1958-06-07", "Lovelace", "1990-12-10", "eyJ"}

func TestProbe(t *testing.T) {
	var breaches []string
	m := mockdextest.NewServer(t, mockdextest.Lenient(), mockdextest.WithOptions(func(o *server.Options) {
		o.ResponseCheck = func(op string, status int, err error) {
			breaches = append(breaches, fmt.Sprintf("%s %d: %.300v", op, status, err))
		}
	}))
	for _, op := range probeOps(t, m) {
		for _, mu := range mutations() {
			breaches = nil
			body := op.body
			ct := op.ctype
			if op.method == "POST" || mu.name == "valid" {
				body, ct = mu.body(op.body), mu.ctype(op.ctype)
			} else if mu.path(op.path) == op.path {
				continue
			}
			path := mu.path(op.path)
			req, err := http.NewRequest(op.method, m.URL+path, strings.NewReader(body))
			if err != nil {
				t.Logf("%s/%s: build: %v", op.name, mu.name, err)
				continue
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			for _, h := range op.headers {
				n, v, _ := strings.Cut(h, ":")
				req.Header.Set(strings.TrimSpace(n), strings.TrimSpace(v))
			}
			resp, err := m.Client.Do(req)
			if err != nil {
				t.Logf("%s/%s: DO ERR %v", op.name, mu.name, err)
				continue
			}
			rb, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			flags := ""
			if resp.StatusCode >= 500 {
				flags += " !!5XX"
			}
			if len(breaches) > 0 {
				flags += " !!SPEC " + strings.Join(breaches, "; ")
			}
			if mu.name != "valid" {
				for _, p := range pii {
					if strings.Contains(string(rb), p) && op.name != "waitingRoom" {
						flags += " !!LEAK " + p
					}
				}
			}
			s := string(rb)
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				if i := strings.Index(s, "<h1"); i >= 0 {
					s = s[i:]
				}
			}
			if len(s) > 200 {
				s = s[:200]
			}
			t.Logf("%-12s %-12s %d %s%s", op.name, mu.name, resp.StatusCode, strings.TrimSpace(s), flags)
		}
	}
}
