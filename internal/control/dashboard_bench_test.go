package control_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/mockdextest"
)

// BenchmarkDashboardVisits renders the whole dashboard page of a namespace
// holding 100,000 visits: its first page of visits, and one deep in the
// list.
func BenchmarkDashboardVisits(b *testing.B) {
	srv, err := mock.New(mock.Options{Clock: clock.NewManual(mockdextest.Epoch)})
	if err != nil {
		b.Fatal(err)
	}
	world := srv.World()
	const n = 100_000
	for i := range n {
		at := mockdextest.Epoch.Add(-time.Duration(n-i) * time.Second)
		world.Visits.Add(fakes.Visit{ID: fmt.Sprintf("visit-%06d", i), Kind: fakes.KindVirtual, RegionCode: "WA", Created: at,
			Timeline: []fakes.Transition{{Status: fakes.StatusRequested, At: at}, {Status: fakes.StatusDone, At: at.Add(time.Hour)}}})
	}
	h := srv
	for _, page := range []int{0, 1000} {
		b.Run(fmt.Sprintf("page=%d", page), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("http://127.0.0.1/_mockdex/?page=%d", page), nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
