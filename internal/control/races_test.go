package control_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/mockdextest"
)

// kentBooking books a Kent clinic NewPatient slot on Tuesday 2024-06-04,
// the day after mockdextest.Epoch.
func kentBooking(hhmm string) string {
	slot := slotid.Handle{Date: "2024-06-04", Time: hhmm + ":00", Duration: 30, VisitTypeID: "1234003",
		VisitType: "NewPatient", Timezone: "America/Los_Angeles", DepartmentID: "123446001",
		SlotType: "NewPatient", Version: "3.0"}.Encode()
	b, _ := json.Marshal(map[string]any{
		"billingInfo": map[string]any{"paymentMethod": "self", "declaration": "self"},
		"patient":     map[string]any{"patientGuid": joeGUID},
		"visitDetails": map[string]any{
			"declaration": "self", "departmentId": "123446001", "ehrSystemName": "org.providence.dig.epic.provwamt",
			"nationalProviderId": "1629394572", "slotId": slot, "visitReason": "sore throat", "visitTypeId": "1234003",
		},
	})
	return string(b)
}

// orderedWriter records when its response's status was written, on one
// counter shared by every response of the test: the order in which the
// mock answered.
type orderedWriter struct {
	*httptest.ResponseRecorder
	counter *atomic.Int64
	at      int64
}

func (w *orderedWriter) stamp() {
	if w.at == 0 {
		w.at = w.counter.Add(1)
	}
}

func (w *orderedWriter) WriteHeader(code int) { w.stamp(); w.ResponseRecorder.WriteHeader(code) }

func (w *orderedWriter) Write(p []byte) (int, error) { w.stamp(); return w.ResponseRecorder.Write(p) }

// resetMark is one reset: when it answered, and the world it installed.
type resetMark struct {
	at    int64
	world *fakes.World
}

// Six clients race for one slot, round after round, while resets run
// back to back. A booking answered 200 must be in the world later reads
// see: in the world of the last reset that answered before it, or (when
// a reset had replaced the world but not yet answered) the next one. On
// the old code, where a request kept the world it started with, bookings
// that started before a reset answered 200 into the discarded world.
func TestBookingsRacingResetsAreNeverLost(t *testing.T) {
	srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch)})
	require.NoError(t, err)
	h := srv
	tok, err := auth.Mint(auth.DefaultJWTSecret, joeGUID, mockdextest.Epoch, time.Hour)
	require.NoError(t, err)

	var counter atomic.Int64
	marks := []resetMark{{0, srv.World()}}
	stop, resetsDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(resetsDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			w := &orderedWriter{ResponseRecorder: httptest.NewRecorder(), counter: &counter}
			req := httptest.NewRequest("POST", "http://localhost/_mockdex/reset", nil)
			req.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				t.Errorf("reset: %d %s", w.Code, w.Body)
				return
			}
			marks = append(marks, resetMark{w.at, srv.World()}) // only this goroutine resets
		}
	}()

	rounds := 120
	if testing.Short() {
		rounds = 40
	}
	var wins []*orderedWriter
	for range rounds {
		books := make([]*orderedWriter, 6)
		var wg sync.WaitGroup
		for i := range books {
			books[i] = &orderedWriter{ResponseRecorder: httptest.NewRecorder(), counter: &counter}
			wg.Go(func() {
				req := httptest.NewRequest("POST", "/api/7/visits/providerbooking", strings.NewReader(kentBooking("13:10")))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				h.ServeHTTP(books[i], req)
			})
		}
		wg.Wait()
		for _, b := range books {
			require.Contains(t, []int{http.StatusOK, http.StatusConflict}, b.Code, b.Body.String())
			if b.Code == http.StatusOK {
				wins = append(wins, b)
			}
		}
	}
	close(stop)
	<-resetsDone

	lost := 0
	for _, b := range wins {
		var out struct{ VisitID string }
		require.NoError(t, json.Unmarshal(b.Body.Bytes(), &out))
		k := sort.Search(len(marks), func(i int) bool { return marks[i].at > b.at }) - 1
		_, seen := marks[k].world.Visits.Get(out.VisitID)
		if !seen && k+1 < len(marks) {
			_, seen = marks[k+1].world.Visits.Get(out.VisitID)
		}
		if !seen {
			lost++
		}
	}
	t.Logf("%d rounds, %d winning bookings, %d resets", rounds, len(wins), len(marks)-1)
	assert.Greater(t, len(marks), 10, "resets ran during the races")
	assert.Zero(t, lost, "bookings answered 200 into a world no later read sees")
}
