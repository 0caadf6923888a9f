package usage_test

import (
	"net/http"
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
		entries[r.OperationID] = journal.Entry{Method: r.Method, Path: r.Path, OperationID: r.OperationID, Status: r.Status,
			Headers: r.Headers, RequestBody: r.RequestBody, ResponseBody: r.ResponseBody}
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
}
