package eventlog

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// syntheticEvents builds n events one second apart, cycling through
// actions, credentials and providers, for tests and benchmarks.
func syntheticEvents(n int) []Event {
	actions := []string{"assigned", "started", "completed", "declined", "booked"}
	creds := []string{"MD", "DO", "NP", "PA", "MD DO"}
	evs := make([]Event, n)
	for i := range evs {
		p := i % 40
		evs[i] = Event{
			ID: fmt.Sprintf("e%08d", i), Timestamp: t0.Add(time.Duration(i) * time.Second),
			Action: actions[i%len(actions)], VisitID: fmt.Sprintf("v%07d", i/4),
			ProviderID: fmt.Sprintf("p%02d", p), ProviderEmail: fmt.Sprintf("Doc%02d@Example.test", p),
			ProviderName: fmt.Sprintf("Doc %02d", p), ProviderFirstName: "Doc", ProviderLastName: fmt.Sprintf("%02d", p),
			ProviderCredentials: creds[p%len(creds)], ActorID: fmt.Sprintf("p%02d", p),
		}
	}
	return evs
}

func allTime(q Query) Query {
	q.From, q.To, q.Now = t0.Add(-time.Hour), t0.Add(1000*time.Hour), t0.Add(1000*time.Hour)
	if q.Limit == 0 {
		q.Limit = 1000
	}
	return q
}

func TestSearchFilters(t *testing.T) {
	s := New(nil)
	s.Load(syntheticEvents(400))
	n, page := s.Search(allTime(Query{Action: "ASSIGNED"}))
	assert.Equal(t, 80, n)
	for _, e := range page {
		assert.Equal(t, "assigned", e.Action)
	}
	n, _ = s.Search(allTime(Query{ProviderEmail: "doc01@example.TEST"}))
	assert.Equal(t, 10, n, "emails match whatever their case")
	n, page = s.Search(allTime(Query{ProviderCredentials: "md"}))
	assert.Equal(t, 160, n, `"md" finds "MD" and "MD DO"`)
	for _, e := range page {
		assert.Contains(t, []string{"MD", "MD DO"}, e.ProviderCredentials)
	}
	n, _ = s.Search(allTime(Query{ProviderCredentials: "d d"}))
	assert.Equal(t, 80, n, "substring inside the value")
	n, _ = s.Search(allTime(Query{VisitID: "v0000002", Action: "completed"}))
	assert.Equal(t, 0, n, "visit 2's events are 8-11, none of them completed (i%5==2)")
	n, _ = s.Search(allTime(Query{VisitID: "v0000000", Action: "completed"}))
	assert.Equal(t, 1, n, "AND of the filters")
	n, _ = s.Search(allTime(Query{ProviderName: "Doc"}))
	assert.Equal(t, 0, n, "exact, not substring")
}

func TestSearchWindowAndNow(t *testing.T) {
	s := New(nil)
	s.Load(syntheticEvents(100))
	q := Query{From: t0.Add(10 * time.Second), To: t0.Add(19 * time.Second), Now: t0.Add(time.Hour), Limit: 50}
	n, page := s.Search(q)
	require.Equal(t, 10, n, "both bounds inclusive")
	assert.Equal(t, "e00000010", page[0].ID)
	q.Now = t0.Add(14 * time.Second)
	n, _ = s.Search(q)
	assert.Equal(t, 5, n, "planned events stay hidden until the clock reaches them")
}

func TestSearchPagesInTimestampThenIDOrder(t *testing.T) {
	s := New(nil)
	evs := syntheticEvents(30)
	for i := range evs {
		evs[i].Timestamp = t0 // all at once: id breaks the tie
	}
	for i := len(evs) - 1; i >= 0; i-- {
		s.Add(evs[i])
	}
	var ids []string
	for off := 0; ; off += 7 {
		n, page := s.Search(allTime(Query{Limit: 7, Offset: off, ProviderCredentials: "M"}))
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if off+7 >= n {
			break
		}
	}
	require.Len(t, ids, 12)
	for i := 1; i < len(ids); i++ {
		assert.Less(t, ids[i-1], ids[i])
	}
}

func TestRemoveVisitKeepsSearchInStep(t *testing.T) {
	s := New(nil)
	s.Load(syntheticEvents(40))
	s.RemoveVisit("v0000002", func(e Event) bool { return e.Action == "assigned" })
	assert.Equal(t, 37, s.Len())
	n, page := s.Search(allTime(Query{VisitID: "v0000002"}))
	require.Equal(t, 1, n)
	assert.Equal(t, "assigned", page[0].Action)
	n, _ = s.Search(allTime(Query{Action: "declined"}))
	assert.Equal(t, 7, n, "the index follows the events it describes")
}

// BenchmarkSearch1M pages 50 records out of 1,000,000 stored events.
//
//	go test ./internal/fakes/eventlog/ -run '^$' -bench Search1M -benchtime 20x
func BenchmarkSearch1M(b *testing.B) {
	s := New(nil)
	s.Load(syntheticEvents(1_000_000))
	for _, bc := range []struct {
		name string
		q    Query
	}{
		{"unfiltered", Query{Limit: 50, Offset: 500_000}},
		{"action+credentials", Query{Limit: 50, Offset: 1000, Action: "ASSIGNED", ProviderCredentials: "md"}},
		{"visitId", Query{Limit: 50, VisitID: "v0123456"}},
		{"providerEmail", Query{Limit: 50, Offset: 20_000, ProviderEmail: "DOC07@example.test"}},
	} {
		q := allTime(bc.q)
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if n, page := s.Search(q); n == 0 || len(page) == 0 {
					b.Fatalf("no match: %d", n)
				}
			}
		})
	}
}
