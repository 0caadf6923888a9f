package mirror_test

import (
	"context"
	"testing"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/mirror"
)

// BenchmarkRecord mirrors each tier in process, with no rate limit: the
// mirror's own cost (decoding listings, inferring, ordering, encoding
// the files). Against a tier the rate limit dominates: calls ÷ --rps.
func BenchmarkRecord(b *testing.B) {
	for _, c := range tierCases() {
		b.Run(c.name, func(b *testing.B) {
			src := c.source(b)
			client, hosts := inprocClient(src)
			var calls int
			for b.Loop() {
				m, err := mirror.Record(context.Background(), mirror.Options{Hosts: hosts, Client: client, Config: c.config,
					Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey}})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := m.Files(nil); err != nil {
					b.Fatal(err)
				}
				calls = 0
				for _, n := range m.Report.Calls {
					calls += n
				}
			}
			b.ReportMetric(float64(calls), "calls/op")
		})
	}
}
