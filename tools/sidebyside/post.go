//go:build unix

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/tools/roomy"
)

const visitsPath = "/api/9/visits"

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
	token, err := auth.Mint(auth.DefaultJWTSecret, roomy.PatientGUID, time.Now(), 24*time.Hour)
	if err != nil {
		return err
	}
	body := roomy.VisitBody()
	if err := checkCreate(mock.base, token, body); err != nil {
		return err
	}
	script, err := r.luaPost(token, body)
	if err != nil {
		return err
	}
	r.printf("\nPOST %s (bearer token, %d-byte body; fixtures: capacity %d, %d providers on call, %d s handle time, no history)\n",
		visitsPath, len(body), roomy.Capacity, roomy.OnCall, roomy.HandleSec)
	res, err := r.rounds([]*proc{mock}, func(p *proc) (string, string) { return p.base + visitsPath, script })
	if err != nil {
		return err
	}
	m := median(res["mockdex-post"])
	r.report.judgePostMark(m)
	r.report.add("POST /api/9/visits p99", ms(m.p99), "(no goal)", true)
	return nil
}

// roomyFixtures writes the roomy fixtures into the temporary directory.
func (r *runner) roomyFixtures() (string, error) {
	dir := filepath.Join(r.tmp, "fixtures")
	return dir, roomy.WriteDir(dir)
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
