package store_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/store"
)

const benchVisits = 10_000

// bigWorld holds benchVisits virtual visits, an hour apart.
func bigWorld(b *testing.B, tmpl *fakes.Template) *fakes.World {
	w := tmpl.NewWorld(clock.NewManual(epoch))
	at := epoch
	for i := 0; i < benchVisits; i++ {
		_, err := w.QueueVisit(fakes.QueueRequest{Kind: fakes.KindVirtual, Subject: joe, PatientGUID: joe,
			AcceptedTerms: true, VisitReason: "cough", Region: "WA", PaymentMethod: "couponcode"}, at)
		require.NoError(b, err)
		at = at.Add(time.Hour)
	}
	return w
}

// BenchmarkSaveNamespace is one save of a namespace holding 10,000
// visits: export, encode, write, fsync, rename, and the file's size per
// visit.
//
//	go test ./internal/store/ -run '^$' -bench 'SaveNamespace|LoadNamespace' -benchtime 10x
func BenchmarkSaveNamespace(b *testing.B) {
	w := bigWorld(b, template(b))
	d, err := store.Open(b.TempDir(), false)
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := w.Export()
		require.NoError(b, err)
		require.NoError(b, d.Write("big", s))
	}
	b.StopTimer()
	info, err := os.Stat(d.File("big"))
	require.NoError(b, err)
	b.ReportMetric(float64(info.Size())/benchVisits, "file-B/visit")
}

// BenchmarkLoadNamespace reads and imports the same namespace, as a
// restart does.
func BenchmarkLoadNamespace(b *testing.B) {
	tmpl := template(b)
	w := bigWorld(b, tmpl)
	d, err := store.Open(b.TempDir(), false)
	require.NoError(b, err)
	s, err := w.Export()
	require.NoError(b, err)
	require.NoError(b, d.Write("big", s))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := d.Load(importer(tmpl, func(string, *statedoc.Document) clock.Clock { return clock.NewManual(epoch) }))
		require.NoError(b, err)
	}
}
