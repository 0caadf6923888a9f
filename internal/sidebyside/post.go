//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/loadgen"
)

// Fixture identities the visit creates use (see fixtures/*.json).
const (
	practiceID  = "6996d161-cd16-4556-9577-f942c3f80c80"
	patientGUID = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	visitsPath  = "/api/9/visits"
)

// postSection runs wrk posting a valid v9 visit with a bearer token to a
// mockdex whose fixtures leave room for every visit.
func (r *runner) postSection(bin string) error {
	dir, err := r.roomyFixtures()
	if err != nil {
		return err
	}
	// No generated history: its visits waited minutes, and a queue read
	// looks back as far as the longest wait of any stored visit.
	// The visit cap is raised too: the run creates more visits than a
	// namespace keeps by default.
	args := append([]string{"--fixtures", dir, "--history-days", "0", "--max-visits", "100000000"}, strings.Fields(r.cfg.postArgs)...)
	mock, _, err := r.startMockdex(bin, "mockdex-post", args...)
	if err != nil {
		return err
	}
	token, err := auth.Mint(auth.DefaultJWTSecret, patientGUID, time.Now(), 24*time.Hour)
	if err != nil {
		return err
	}
	body := visitBody()
	if err := checkCreate(mock.base, token, body); err != nil {
		return err
	}
	script, err := r.luaPost(token, body)
	if err != nil {
		return err
	}
	r.printf("\nPOST %s (bearer token, %d-byte body; fixtures: capacity %d, %d providers on call, %d s handle time, no history)\n",
		visitsPath, len(body), loadgen.RoomyCapacity, loadgen.RoomyOnCall, loadgen.RoomyHandleSec)
	res, err := r.rounds([]*proc{mock}, func(p *proc) (string, string) { return p.base + visitsPath, script })
	if err != nil {
		return err
	}
	m := median(res["mockdex-post"])
	bad := m.non2xx + m.errs
	r.report.add("POST /api/9/visits", fmt.Sprintf("%.0f req/s, %d not 200", m.rps, bad), ">= 10,000", m.rps >= 10000 && bad == 0)
	r.report.add("POST /api/9/visits p99", ms(m.p99), "(no goal)", true)
	return nil
}

// roomyFixtures writes loadgen's roomy fixtures into the run's directory.
func (r *runner) roomyFixtures() (string, error) {
	dir := filepath.Join(r.tmp, "fixtures")
	return dir, loadgen.RoomyFixtures(dir)
}

// visitBody is a v9 create for the fixture patient in Washington, whose
// queue is open around the clock.
func visitBody() []byte {
	b, _ := json.Marshal(map[string]any{
		"patient": map[string]any{
			"patientGuid": patientGUID, "firstName": "Side", "lastName": "By-Side", "gender": "other",
			"dateOfBirth": "1970-01-01", "phone": "206-555-0100", "email": "sidebyside@example.com",
			"address": map[string]any{"line1": "1 Loopback Way", "city": "Seattle", "state": "WA", "postalCode": "98104"},
		},
		"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": "sidebyside"},
		"visitDetails": map[string]any{
			"practiceId": practiceID, "stateLicensure": "WA", "visitTypeName": "virtual",
			"assignmentQualifiers": []string{"adult"}, "visitReason": "side-by-side measurement",
			"brand": "providence", "acceptedTerms": true, "declaration": "self",
		},
	})
	return b
}

// checkCreate sends one create and insists on a 200, so the run measures
// creates and not refusals.
func checkCreate(base, token string, body []byte) error {
	req, err := http.NewRequest("POST", base+visitsPath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var msg bytes.Buffer
		_, _ = msg.ReadFrom(resp.Body)
		return fmt.Errorf("POST %s answered %d: %s", visitsPath, resp.StatusCode, msg.String())
	}
	return nil
}

// luaPost writes the wrk script that posts body with the token.
func (r *runner) luaPost(token string, body []byte) (string, error) {
	script := fmt.Sprintf(`wrk.method = "POST"
wrk.body = %q
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
`, body, token)
	path := filepath.Join(r.tmp, "post.lua")
	return path, os.WriteFile(path, []byte(script), 0o600)
}
