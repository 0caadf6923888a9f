//go:build probe

package server_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/mockdextest"
)

func newProbeServer(t *testing.T) (*mockdextest.Server, *[]string) {
	var breaches []string
	var mu sync.Mutex
	m := mockdextest.NewServer(t, mockdextest.Lenient(), mockdextest.WithOptions(func(o *server.Options) {
		o.ResponseCheck = func(op string, status int, err error) {
			mu.Lock()
			breaches = append(breaches, fmt.Sprintf("%s %d: %.300v", op, status, err))
			mu.Unlock()
		}
	}))
	return m, &breaches
}

func show(t *testing.T, m *mockdextest.Server, br *[]string, label, method, path, body string, h ...string) string {
	*br = nil
	resp := m.Do(method, path, body, h...)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(b)
	if len(s) > 300 {
		s = s[:300]
	}
	flag := ""
	if resp.StatusCode >= 500 {
		flag = " !!5XX"
	}
	if len(*br) > 0 {
		flag += " !!SPEC " + strings.Join(*br, ";")
	}
	t.Logf("%-28s %d %s%s", label, resp.StatusCode, s, flag)
	return string(b)
}

func TestProbeAuth(t *testing.T) {
	m, br := newProbeServer(t)
	now := m.Clock.Now()
	good := m.Token(joeGUID)
	parts := strings.Split(good, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	other, _ := auth.Mint("other", joeGUID, now, time.Hour)
	expired, _ := auth.Mint(auth.DefaultJWTSecret, joeGUID, now.Add(-2*time.Hour), time.Hour)
	unknown, _ := auth.Mint(auth.DefaultJWTSecret, "11111111-2222-3333-4444-555555555555", now, time.Hour)
	emailSub, _ := auth.Mint(auth.DefaultJWTSecret, "joe.public@example.com", now, time.Hour)
	vis := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	toks := map[string]string{"none": none, "other": other, "expired": expired, "unknown": unknown, "email": emailSub, "garbage": "abc.def.ghi", "bearerOnly": ""}
	for name, tok := range toks {
		h := "Authorization: Bearer " + tok
		show(t, m, br, "create/"+name, "POST", "/api/9/visits", joeVisit(t, nil), h)
		show(t, m, br, "summary/"+name, "GET", "/api/9/visits/"+vis.VisitID+"/summary", "", h)
		show(t, m, br, "accept/"+name, "PUT", "/api/9/visits/"+vis.VisitID+"/acceptTerms", "", h)
		show(t, m, br, "booking/"+name, "POST", "/api/7/visits/providerbooking", bookingBody(kentSlot("10:30"), nil), h)
	}
	// token for unknown patient, own GUID in body
	body := joeVisit(t, func(b, d map[string]any) { b["patient"].(map[string]any)["patientGuid"] = "11111111-2222-3333-4444-555555555555" })
	show(t, m, br, "create/unknownOwn", "POST", "/api/9/visits", body, "Authorization: Bearer "+unknown)
	body = joeVisit(t, func(b, d map[string]any) { b["patient"].(map[string]any)["patientGuid"] = "joe.public@example.com" })
	show(t, m, br, "create/emailguid", "POST", "/api/9/visits", body, "Authorization: Bearer "+emailSub)
	show(t, m, br, "avr/wrongscheme", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, "Authorization: Bearer "+good)
	show(t, m, br, "avr/dctokenspace", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, "Authorization: dc-token  SECRET_TOKEN ")
	show(t, m, br, "slots/nokey", "GET", "/v5/providers/1629394572/timeslots", "")
	show(t, m, br, "slots/badkey", "GET", "/v5/providers/1629394572/timeslots", "", "x-api-key: nope")
}

func TestProbeState(t *testing.T) {
	m, br := newProbeServer(t)
	h := m.Bearer(joeGUID)
	vis := createVisit(t, m, joeVisit(t, nil), h)
	// a booking
	bk := show(t, m, br, "booking", "POST", "/api/7/visits/providerbooking", bookingBody(kentSlot("14:00"), nil), m.Bearer(patientA))
	bkID := ""
	if i := strings.Index(bk, `"visitId":"`); i >= 0 {
		bkID = bk[i+11 : i+11+36]
	}
	show(t, m, br, "summary/bookingId", "GET", "/api/9/visits/"+bkID+"/summary", "", m.Bearer(patientA))
	show(t, m, br, "wait/bookingId", "GET", "/api/9/visits/"+bkID+"/waittime", "", m.Bearer(patientA))
	show(t, m, br, "accept/bookingId", "PUT", "/api/9/visits/"+bkID+"/acceptTerms", "", m.Bearer(patientA))
	show(t, m, br, "room/bookingId", "GET", "/visit/"+bkID, "")
	rep := show(t, m, br, "avr", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	repID := rep[7:43]
	show(t, m, br, "summary/reportId", "GET", "/api/9/visits/"+repID+"/summary", "", h)
	show(t, m, br, "avrstatus/visitId", "GET", "/api/8/reporting/allvisitsreport/"+vis.VisitID, "", m.DCToken())
	show(t, m, br, "avrdata/visitId", "GET", "/api/8/reporting/allvisitsreport/"+vis.VisitID+"/data", "", m.DCToken())
	show(t, m, br, "cancel/reportId", "POST", "/_mockdex/visits/"+repID+"/cancel", "")
	show(t, m, br, "fail/visitId", "POST", "/_mockdex/reports/"+vis.VisitID+"/fail", "")
	// clock backwards
	m.Clock.Set(mockdextest.Epoch.Add(-time.Hour))
	show(t, m, br, "back/summary", "GET", "/api/9/visits/"+vis.VisitID+"/summary", "", m.Bearer(joeGUID))
	show(t, m, br, "back/wait", "GET", "/api/9/visits/"+vis.VisitID+"/waittime", "", m.Bearer(joeGUID))
	show(t, m, br, "back/accept", "PUT", "/api/9/visits/"+vis.VisitID+"/acceptTerms", "", m.Bearer(joeGUID))
	show(t, m, br, "back/room", "GET", "/visit/"+vis.VisitID, "")
	show(t, m, br, "back/avrstatus", "GET", "/api/8/reporting/allvisitsreport/"+repID, "", m.DCToken())
	show(t, m, br, "back/avrdata", "GET", "/api/8/reporting/allvisitsreport/"+repID+"/data", "", m.DCToken())
	show(t, m, br, "back/cancel", "POST", "/_mockdex/visits/"+vis.VisitID+"/cancel", "")
	show(t, m, br, "back/failrep", "POST", "/_mockdex/reports/"+repID+"/fail", "")
	show(t, m, br, "back/apr", "POST", "/v1/reporting/providerhistories", `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-07-03T00:00:00Z","visitId":"`+vis.VisitID+`"}`, m.DCToken())
	show(t, m, br, "back/create", "POST", "/api/9/visits", joeVisit(t, nil), m.Bearer(joeGUID))
	show(t, m, br, "back/book", "POST", "/api/7/visits/providerbooking", bookingBody(kentSlot("14:00"), nil), m.Bearer(patientA))
	m.Clock.Set(mockdextest.Epoch.Add(time.Hour))
	show(t, m, br, "fwd/summary", "GET", "/api/9/visits/"+vis.VisitID+"/summary", "", m.Bearer(joeGUID))
	show(t, m, br, "fwd/avrdata", "GET", "/api/8/reporting/allvisitsreport/"+repID+"/data", "", m.DCToken())
	show(t, m, br, "fwd/apr", "POST", "/v1/reporting/providerhistories", `{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-07-03T00:00:00Z","visitId":"`+vis.VisitID+`"}`, m.DCToken())
	// reset mid-flow
	show(t, m, br, "reset", "POST", "/_mockdex/reset", "")
	show(t, m, br, "reset/summary", "GET", "/api/9/visits/"+vis.VisitID+"/summary", "", m.Bearer(joeGUID))
	show(t, m, br, "reset/avr", "GET", "/api/8/reporting/allvisitsreport/"+repID, "", m.DCToken())
	show(t, m, br, "reset/room", "GET", "/visit/"+vis.VisitID, "")
	show(t, m, br, "clock/bad", "POST", "/_mockdex/clock", `{"set":"yesterday"}`)
	show(t, m, br, "clock/zero", "POST", "/_mockdex/clock", `{"set":"0001-01-01T00:00:00Z"}`)
	show(t, m, br, "zero/slots", "GET", "/v5/providers/1629394572/timeslots", "", m.XAPIKey())
	show(t, m, br, "zero/avr", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	show(t, m, br, "zero/wait", "GET", "/api/9/regions/waittimes", "")
	show(t, m, br, "clock/far", "POST", "/_mockdex/clock", `{"set":"9999-12-31T23:00:00Z"}`)
	show(t, m, br, "far/slots", "GET", "/v5/providers/1629394572/timeslots", "", m.XAPIKey())
	show(t, m, br, "far/avr", "POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken())
	show(t, m, br, "far/wait", "GET", "/api/9/regions/waittimes", "")
	show(t, m, br, "far/practice", "GET", "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80", "")
	show(t, m, br, "far/create", "POST", "/api/9/visits", joeVisit(t, nil), m.Bearer(joeGUID))
	show(t, m, br, "clock/adv", "POST", "/_mockdex/clock", `{"advance":"-8760000h"}`)
	show(t, m, br, "clock/advhuge", "POST", "/_mockdex/clock", `{"advance":"2562047h"}`)
}

func TestProbeConcurrency(t *testing.T) {
	m, br := newProbeServer(t)
	h := m.Bearer(joeGUID)
	var wg sync.WaitGroup
	ids := make(chan string, 100)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := m.Do("POST", "/api/9/visits", joeVisit(t, nil), h)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				ids <- string(b[12:48])
			} else {
				t.Logf("create %d %s", resp.StatusCode, b)
			}
		}()
	}
	wg.Wait()
	close(ids)
	var all []string
	for id := range ids {
		all = append(all, id)
	}
	codes := map[int]int{}
	var mu sync.Mutex
	for _, id := range all {
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func(id string, i int) {
				defer wg.Done()
				var resp = m.Do("POST", "/_mockdex/visits/"+id+"/cancel", "")
				if i%2 == 1 {
					resp.Body.Close()
					resp = m.Do("GET", "/api/9/visits/"+id+"/summary", "", h)
				}
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}(id, i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp := m.Do("POST", "/_mockdex/reset", "")
				resp.Body.Close()
			}()
		}
	}
	wg.Wait()
	t.Logf("codes %v breaches %v", codes, *br)
}
