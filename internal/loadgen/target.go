package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
)

// target is the mock under load with what the requests need, prepared
// once before the run: the mock's clock decides token expiry and report
// windows, so both are computed from it rather than from this machine's.
type target struct {
	base        string
	creds       Credentials
	client      *http.Client
	reports     reportRotation // the AVR jobs the read mix polls
	bearer      string         // patient JWT for visit creates
	aprBody     []byte         // a two-week provider-history window ending at the mock's now
	visitBodies [][]byte       // one per queue pool the writes rotate over
}

// writePools spread visit creates over several regions and pools so the
// run measures the mock rather than one queue turning busy at once.
var writePools = []struct{ region, modality, qualifier string }{
	{"WA", "virtual", "adult"}, {"CA", "virtual", "adult"}, {"OR", "virtual", "adult"},
	{"WA", "phone", "adult"}, {"WA", "virtual", "pediatric"}, {"CA", "phone", "adult"},
	{"MT", "virtual", "adult"}, {"AK", "virtual", "adult"},
}

// prepare sends two requests (the clock, an AVR start) that the report
// does not count: they are setup, not load.
func prepare(ctx context.Context, cfg Config, client *http.Client) (*target, error) {
	t := &target{base: cfg.BaseURL, creds: cfg.Credentials, client: client}
	now, err := t.mockNow(ctx)
	if err != nil {
		return nil, err
	}
	// The token must outlive the run even on a scaled clock's slow end.
	if t.bearer, err = auth.Mint(t.creds.JWTSecret, patientGUID, now, cfg.Duration+time.Hour); err != nil {
		return nil, err
	}
	id, err := t.startReport(ctx)
	if err != nil {
		return nil, err
	}
	t.reports.add(id)
	t.aprBody = mustJSON(map[string]string{
		"startDate": now.Add(-14 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"endDate":   now.UTC().Format(time.RFC3339),
	})
	for _, p := range writePools {
		t.visitBodies = append(t.visitBodies, visitBody(p.region, p.modality, p.qualifier))
	}
	return t, nil
}

// mockNow reads the mock's clock from its admin API.
func (t *target) mockNow(ctx context.Context) (time.Time, error) {
	var clock struct {
		Now time.Time `json:"now"`
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.base+"/_mockdex/clock", nil)
	if err != nil {
		return time.Time{}, err
	}
	if err := t.fetchJSON(req, &clock); err != nil {
		return time.Time{}, fmt.Errorf("reading the mock's clock: %w", err)
	}
	return clock.Now, nil
}

// startReport starts the AVR job whose status the read mix polls.
func (t *target) startReport(ctx context.Context) (string, error) {
	req, err := t.withServiceKey(t.post("/api/8/reporting/allvisitsreport", []byte(`{"type":"virtual"}`)))
	if err != nil {
		return "", err
	}
	var job struct {
		ID string `json:"id"`
	}
	if err := t.fetchJSON(req.WithContext(ctx), &job); err != nil {
		return "", fmt.Errorf("starting an AVR job: %w", err)
	}
	return job.ID, nil
}

// reportToPoll is the job request n polls. When the rotation is empty
// (the mock was reset under the run and every job answered 404), a job
// is started first, as at setup, and not counted.
func (t *target) reportToPoll(n int) (string, error) {
	if id := t.reports.pick(n); id != "" {
		return id, nil
	}
	id, err := t.startReport(context.Background())
	if err != nil {
		return "", err
	}
	t.reports.add(id)
	return id, nil
}

func (t *target) fetchJSON(req *http.Request, v any) error {
	resp, err := t.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("%s %s answered %d", req.Method, req.URL.Path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// visitBody is a v9 create for the fixture patient, self-declared, with a
// coupon: the shortest body the mock admits.
func visitBody(region, modality, qualifier string) []byte {
	return mustJSON(map[string]any{
		"patient": map[string]any{
			"patientGuid": patientGUID, "firstName": "Load", "lastName": "Generator", "gender": "other",
			"dateOfBirth": "1970-01-01", "phone": "206-555-0100", "email": "loadgen@example.com",
			"address": map[string]any{"line1": "1 Loopback Way", "city": "Seattle", "state": region, "postalCode": "98104"},
		},
		"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": "loadgen"},
		"visitDetails": map[string]any{
			"practiceId": practiceID, "stateLicensure": region, "visitTypeName": modality,
			"assignmentQualifiers": []string{qualifier}, "visitReason": "mockdex load test",
			"brand": "providence", "acceptedTerms": true, "declaration": "self",
		},
	})
}

// mustJSON encodes values built in this package from maps of strings,
// which cannot fail to encode.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
