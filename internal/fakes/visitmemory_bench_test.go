package fakes_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
)

// memoryVisits is how many visits a memory measurement creates: enough
// that the per-visit figure is not noise.
const memoryVisits = 20000

// apiRequest is a queue request as the HTTP layer builds one: every
// string freshly decoded from a JSON body or a token, none shared.
func apiRequest(i int) fakes.QueueRequest {
	c := strings.Clone
	return fakes.QueueRequest{
		Kind: fakes.KindVirtual, Subject: c(joe), PatientGUID: c(joe), Declaration: c("self"),
		AcceptedTerms: true, VisitReason: c("Sore throat and a cough"), Region: c("WA"),
		PracticeID: c(practice), Modality: c("virtual"), Qualifiers: []string{c("adult")},
		Brand: c("providence"), PaymentMethod: c("couponcode"), HomeMarket: c("default"),
	}
}

func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkVisitMemory reports the heap each stored virtual visit costs
// (visit, timeline, planned provider events, indexes) after a GC, and
// what a dropped world leaves behind.
//
//	go test ./internal/fakes/ -run '^$' -bench VisitMemory -benchtime 3x
func BenchmarkVisitMemory(b *testing.B) {
	var perVisit, retained float64
	for i := 0; i < b.N; i++ {
		base := heapNow()
		w := newWorld(b)
		at := monday9
		for j := 0; j < memoryVisits; j++ {
			_, err := w.QueueVisit(apiRequest(j), at)
			require.NoError(b, err)
			at = at.Add(time.Hour)
		}
		used := heapNow()
		runtime.KeepAlive(w)
		perVisit += float64(used-base) / memoryVisits
		w = nil
		retained += float64(int64(heapNow()) - int64(base))
	}
	b.ReportMetric(perVisit/float64(b.N), "B/visit")
	b.ReportMetric(retained/float64(b.N), "B-retained")
}
