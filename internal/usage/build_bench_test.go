package usage_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
	"github.com/mockdex/mockdex/mockdextest"
)

// The fold's cost per request, the work the journal's flush does for the
// profile besides redacting (compare with BenchmarkHotPaths in
// internal/server, the request's own cost):
//
//	go test -run '^$' -bench BuilderAdd -benchmem ./internal/usage/
func BenchmarkBuilderAdd(b *testing.B) {
	m := mockdextest.NewServer(b)
	m.ReadBody(m.Do("GET", "/api/9/regions/waittimes?regionCodes[]=WA&practiceId="+mockdextest.PracticeVirtualVisits, ""))
	m.ReadBody(m.Do("GET", "/api/9/modalities", ""))
	entries := map[string]journal.Entry{}
	for _, r := range m.Requests(mockdextest.RequestFilter{}) {
		query, err := json.Marshal(r.Query) // the journal's own form has a list for each name: close enough to fold
		if err != nil {
			b.Fatal(err)
		}
		entries[r.OperationID] = journal.Entry{Method: r.Method, Path: r.Path, Query: query, OperationID: r.OperationID,
			Status: r.Status, Headers: r.Headers, RequestBody: r.RequestBody, ResponseBody: r.ResponseBody}
	}
	idx, err := usage.DefaultIndex()
	if err != nil {
		b.Fatal(err)
	}
	for _, op := range []string{"getAvailabilityAndWaitTimes", "getModalities"} {
		e := entries[op]
		if e.Status != http.StatusOK {
			b.Fatalf("%s: no entry", op)
		}
		b.Run(op, func(b *testing.B) {
			bl := usage.NewBuilder(idx, "bench")
			b.ReportAllocs()
			b.SetBytes(int64(len(e.ResponseBody)))
			for b.Loop() {
				bl.Add(&e)
			}
		})
	}
	// A polled answer differs in its values from one call to the next
	// (wait times carry the moment they were estimated), not in its
	// fields: 1,000 such answers, in turn.
	e := entries["getAvailabilityAndWaitTimes"]
	stamp := regexp.MustCompile(`"estimateGeneratedAt":"[^"]*"`)
	varied := make([]journal.Entry, 1000)
	for i := range varied {
		varied[i] = e
		varied[i].ResponseBody = stamp.ReplaceAll(e.ResponseBody, fmt.Appendf(nil, `"estimateGeneratedAt":"2026-12-06T10:00:%06.3fZ"`, float64(i)/1000))
	}
	b.Run("getAvailabilityAndWaitTimes/values-vary", func(b *testing.B) {
		bl := usage.NewBuilder(idx, "bench")
		b.ReportAllocs()
		b.SetBytes(int64(len(e.ResponseBody)))
		i := 0
		for b.Loop() {
			bl.Add(&varied[i%len(varied)])
			i++
		}
	})
	// A busy mock answers many times within the millisecond its wait
	// times show: the same answer 50 times running, then the next.
	b.Run("getAvailabilityAndWaitTimes/values-vary-every-50", func(b *testing.B) {
		bl := usage.NewBuilder(idx, "bench")
		b.ReportAllocs()
		b.SetBytes(int64(len(e.ResponseBody)))
		i := 0
		for b.Loop() {
			bl.Add(&varied[i/50%len(varied)])
			i++
		}
	})
}
