package fakes_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
)

// memoryVisits is how many visits a memory measurement creates: enough
// that the per-visit figure is not noise, within the default cap.
const memoryVisits = 40_000

// apiRequest is a queue request as the HTTP layer builds one: every
// string freshly decoded from a JSON body or a token, none shared.
func apiRequest(kind fakes.VisitKind) fakes.QueueRequest {
	c := strings.Clone
	req := fakes.QueueRequest{
		Kind: kind, Declaration: c("self"), AcceptedTerms: true, VisitReason: c("Sore throat and a cough"),
		Region: c("WA"), PracticeID: c(practice), Modality: c("virtual"), Qualifiers: []string{c("adult")},
		Brand: c("providence"), PaymentMethod: c("couponcode"), HomeMarket: c("default"),
	}
	if kind == fakes.KindGuest {
		req.Guest = &fakes.Patient{FirstName: c("Gus"), LastName: c("Guest"), Gender: c("male"),
			DateOfBirth: c("1990-01-01"), Email: c("gus.guest@example.com"), Phone: c("206-555-0100"),
			Address: map[string]string{"line1": c("1 Main St"), "city": c("Seattle"), "state": c("WA"), "postalCode": c("98104")}}
		return req
	}
	req.Subject, req.PatientGUID = c(joe), c(joe)
	return req
}

func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// rssNow is the process's resident set (Linux), or 0.
func rssNow() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkVisitMemory reports the heap each stored visit costs after a
// GC (the visit, its planned timeline and provider events, a guest's
// patient record, the indexes), the resident memory it adds, and the heap
// a dropped world leaves behind (what a reset gives back is the rest).
// Visits are created through QueueVisit, as POST /api/9/visits and the
// guest endpoint do, an hour apart so each finds its pool open.
//
//	go test ./internal/fakes/ -run '^$' -bench VisitMemory -benchtime 2x
func BenchmarkVisitMemory(b *testing.B) {
	fx, err := fakes.LoadFixtures(fixtures.Default(), 0)
	require.NoError(b, err)
	tmpl, err := fakes.NewTemplate(fakes.Options{Fixtures: fx, Clock: clock.NewManual(monday9)})
	require.NoError(b, err)
	for _, kind := range []fakes.VisitKind{fakes.KindVirtual, fakes.KindGuest} {
		b.Run(string(kind), func(b *testing.B) {
			var perVisit, rssPerVisit, retained float64
			for i := 0; i < b.N; i++ {
				base, rss := heapNow(), rssNow()
				w := tmpl.NewWorld(clock.NewManual(monday9))
				at := monday9
				for j := 0; j < memoryVisits; j++ {
					_, err := w.QueueVisit(apiRequest(kind), at)
					require.NoError(b, err)
					at = at.Add(time.Hour)
				}
				perVisit += float64(heapNow()-base) / memoryVisits
				rssPerVisit += float64(int64(rssNow())-int64(rss)) / memoryVisits
				runtime.KeepAlive(w)
				w = nil
				retained += float64(int64(heapNow()) - int64(base))
			}
			b.ReportMetric(perVisit/float64(b.N), "B/visit")
			b.ReportMetric(rssPerVisit/float64(b.N), "RSS-B/visit")
			b.ReportMetric(retained/float64(b.N), "B-retained")
		})
	}
}
