package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// BenchmarkExport50k exports a world holding the default cap of 50,000
// visits: "locked" is the part changes wait for (copying the stores),
// "whole" the full Export, "encode" Export plus writing the JSON.
//
//	go test ./internal/fakes/ -run '^$' -bench Export50k -benchtime 5x
func BenchmarkExport50k(b *testing.B) {
	w := historyTemplate(b, Options{HistoryDays: -1}).NewWorld(clock.NewManual(slotEpoch))
	at := slotEpoch
	for i := 0; i < DefaultMaxVisits; i++ {
		_, err := w.QueueVisit(QueueRequest{Kind: KindVirtual, Subject: joeGUID, PatientGUID: joeGUID,
			AcceptedTerms: true, VisitReason: "cough", Region: "WA"}, at)
		require.NoError(b, err)
		at = at.Add(time.Hour)
	}
	b.Run("locked", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			w.state.Lock()
			w.Visits.frozen()
			w.Events.Frozen()
			w.Patients.packed()
			w.Reports.all()
			w.Slots.All()
			w.state.Unlock()
		}
	})
	b.Run("whole", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, err := w.Export()
			require.NoError(b, err)
		}
	})
	b.Run("encode", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := w.Export()
			require.NoError(b, err)
			require.NoError(b, statedoc.Encode(discard{}, s))
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
