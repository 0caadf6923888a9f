// Package usageapp is a small app that calls DexCare, as the end-to-end
// example of usage profiles (docs/usage-profile.md) has one: it shows a
// practice's name, the shortest virtual wait in one market, starts a
// visits report, and requests a virtual visit for a patient. Its own
// test suite (app_test.go) runs against mockdex and saves the usage
// profile; e2e/usage checks a tier against that profile, and the same
// app against contract proxy.
package usageapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Client reaches DexCare: one base URL per host, and the credentials the
// app holds.
type Client struct {
	API, ECVAPI, Reporting string
	// ServiceKey is the reporting key (Authorization: dc-token KEY).
	ServiceKey string
	HTTP       *http.Client
}

// Market is the home market the app shows wait times for: a filter the
// contract scenarios never send.
const Market = "default"

// PracticeName is what the app shows as a practice's title: its
// displayName. A practice without one is an error the app cannot show.
func (c Client) PracticeName(ctx context.Context, practiceID string) (string, error) {
	var p struct {
		DisplayName string `json:"displayName"`
	}
	if err := c.get(ctx, c.API+"/api/8/practices/"+url.PathEscape(practiceID), &p); err != nil {
		return "", err
	}
	if p.DisplayName == "" {
		return "", errors.New("usageapp: the practice has no displayName")
	}
	return p.DisplayName, nil
}

// ShortestWait is the shortest estimated wait, in seconds, of a
// practice's available virtual visits in the app's market.
func (c Client) ShortestWait(ctx context.Context, practiceID string) (int, error) {
	q := url.Values{"practiceId": {practiceID}, "visitTypeNames": {"virtual"}, "homeMarket": {Market}}
	var waits []struct {
		Available                bool `json:"available"`
		EstimatedWaitTimeSeconds int  `json:"estimatedWaitTimeSeconds"`
	}
	if err := c.get(ctx, c.API+"/api/9/regions/waittimes?"+q.Encode(), &waits); err != nil {
		return 0, err
	}
	best := -1
	for _, w := range waits {
		if w.Available && (best < 0 || w.EstimatedWaitTimeSeconds < best) {
			best = w.EstimatedWaitTimeSeconds
		}
	}
	if best < 0 {
		return 0, errors.New("usageapp: no virtual visit available")
	}
	return best, nil
}

// StartVisitsReport starts an All Visits Report of virtual visits over
// the window and returns its id.
func (c Client) StartVisitsReport(ctx context.Context, from, to string) (string, error) {
	body := map[string]string{"type": "virtual", "startDate": from, "endDate": to}
	var out struct {
		ID string `json:"id"`
	}
	err := c.send(ctx, http.MethodPost, c.Reporting+"/api/8/reporting/allvisitsreport", body, "dc-token "+c.ServiceKey, &out)
	return out.ID, err
}

// Patient is who asks for a visit.
type Patient struct {
	GUID, FirstName, LastName, DateOfBirth, Email, Phone, Token string
	Line1, City, State, PostalCode, Coupon                      string
}

// RequestVisit asks for a virtual visit in the practice for the patient,
// with their reason, and returns the visit's id.
func (c Client) RequestVisit(ctx context.Context, practiceID string, p Patient, reason string) (string, error) {
	body := map[string]any{
		"patient": map[string]any{"patientGuid": p.GUID, "firstName": p.FirstName, "lastName": p.LastName, "gender": "female",
			"dateOfBirth": p.DateOfBirth, "phone": p.Phone, "email": p.Email,
			"address": map[string]any{"line1": p.Line1, "city": p.City, "state": p.State, "postalCode": p.PostalCode}},
		"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": p.Coupon},
		"visitDetails": map[string]any{"visitReason": reason, "stateLicensure": p.State, "declaration": "self", "acceptedTerms": true,
			"practiceId": practiceID, "visitTypeName": "virtual", "assignmentQualifiers": []string{"adult"}, "brand": "providence",
			"userType": "member"},
	}
	var out struct {
		VisitID string `json:"visitId"`
	}
	err := c.send(ctx, http.MethodPost, c.ECVAPI+"/api/9/visits", body, "Bearer "+p.Token, &out)
	return out.VisitID, err
}

func (c Client) get(ctx context.Context, target string, into any) error {
	return c.send(ctx, http.MethodGet, target, nil, "", into)
}

// maxAnswer bounds what the app reads of an answer.
const maxAnswer = 4 << 20

func (c Client) send(ctx context.Context, method, target string, body any, auth string, into any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("usageapp: %s %s: status %d", method, req.URL.Path, resp.StatusCode)
	}
	return json.Unmarshal(raw, into)
}
