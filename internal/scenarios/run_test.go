package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeTier answers a status that never finishes and a search whose pages
// can be made to repeat a record.
func fakeTier(t *testing.T, repeat bool) Target {
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"RUNNING"}`))
	})
	mux.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
		var q struct{ Limit, Offset int }
		_ = json.NewDecoder(r.Body).Decode(&q)
		var data []map[string]any
		for i := q.Offset; i < min(q.Offset+q.Limit, 5); i++ {
			id := i
			if repeat && i == 3 {
				id = 0
			}
			data = append(data, map[string]any{"id": id})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"count": 5, "data": data})
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return Target{Base: map[Host]string{API: hs.URL}, Client: hs.Client(),
		Advance: func(context.Context, time.Duration) error { return nil }}
}

func TestPollGivesUpAtItsDeadline(t *testing.T) {
	sc := Scenario{Name: "p", Steps: []Step{{Name: "poll", Host: API, Method: "GET", Path: "/status",
		Poll: &Poll{Pointer: "/status", Until: []string{"SUCCEEDED"}, Every: time.Second, Deadline: 10 * time.Second}}}}
	res := Run(context.Background(), sc, fakeTier(t, false))
	st := res.Steps[0]
	if st.Err == nil || !strings.Contains(st.Err.Error(), "still") {
		t.Fatalf("err %v, want a deadline failure", st.Err)
	}
	// Intervals 1, 1.5, 2.25, 3.375, 5.06 s: the deadline of 10s is passed
	// after five waits, so six requests in all.
	if n := len(st.Exchanges); n != 6 {
		t.Errorf("%d polls, want 6 (backoff growing by half)", n)
	}
}

func TestPagesWalkCatchesARepeatedRecord(t *testing.T) {
	walk := Step{Name: "walk", Host: API, Method: "POST", Path: "/search", Body: map[string]any{},
		Pages: &Pages{Limit: 2, CountPointer: "/count", ItemsPointer: "/data", IDKey: "id"}}
	sc := Scenario{Name: "pg", Steps: []Step{walk}}
	if res := Run(context.Background(), sc, fakeTier(t, false)); res.Steps[0].Err != nil || len(res.Steps[0].Exchanges) != 3 {
		t.Fatalf("clean walk: err %v after %d pages, want 3 pages", res.Steps[0].Err, len(res.Steps[0].Exchanges))
	}
	if res := Run(context.Background(), sc, fakeTier(t, true)); res.Steps[0].Err == nil {
		t.Error("a record on two pages went unnoticed")
	}
	sc.Steps[0].Pages.MaxPages = 2
	if res := Run(context.Background(), sc, fakeTier(t, false)); res.Steps[0].Err != nil || len(res.Steps[0].Exchanges) != 2 {
		t.Errorf("MaxPages 2: err %v after %d pages", res.Steps[0].Err, len(res.Steps[0].Exchanges))
	}
}

func TestMissingCaptureStopsTheScenario(t *testing.T) {
	sc := Scenario{Name: "c", Steps: []Step{
		{Name: "status", Host: API, Method: "GET", Path: "/status", Capture: map[string]string{"reportId": "/id"}},
		{Name: "use", Host: API, Method: "GET", Path: "/status/{reportId}"},
	}}
	res := Run(context.Background(), sc, fakeTier(t, false))
	if res.Steps[0].Err == nil || !res.Steps[1].NotRun {
		t.Errorf("steps %+v: want the capture failure and the next step not run", res.Steps)
	}
}

func TestUnknownPlaceholderIsAnError(t *testing.T) {
	if _, err := Defaults().expand("/visits/{visitId}"); err == nil {
		t.Error("an uncaptured {visitId} expanded silently")
	}
}

func TestAMissingOptionalTokenSkipsTheStep(t *testing.T) {
	tgt := fakeTier(t, false)
	tgt.Creds.Bearer = func(guid string) (string, error) {
		if guid == Defaults()["patientGuid"] {
			return "tok", nil
		}
		return "", fmt.Errorf("%w: set DEXCARE_OTHER_JWT", ErrNoCredential)
	}
	sc := Scenario{Name: "t", Steps: []Step{
		{Name: "other patient", Host: API, Method: "GET", Path: "/status", Auth: Bearer, As: "{otherPatientGuid}"},
		{Name: "own", Host: API, Method: "GET", Path: "/status", Auth: Bearer},
	}}
	res := Run(context.Background(), sc, tgt)
	if res.Steps[0].Skipped == "" || res.Steps[0].Err != nil || res.Steps[1].Err != nil || res.Steps[1].NotRun {
		t.Errorf("steps %+v: want the first skipped and the second run", res.Steps)
	}
}
