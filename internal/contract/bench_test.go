package contract_test

import (
	"context"
	"testing"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

// BenchmarkRunEveryScenarioInProcess measures a whole `contract run
// --target mock --allow-writes`: every scenario on the target and on the
// two reference mocks, every response validated and compared.
func BenchmarkRunEveryScenarioInProcess(b *testing.B) {
	v, err := contract.NewJudge(spec.YAML, spec.Published())
	if err != nil {
		b.Fatal(err)
	}
	ref := inproc.References()
	for b.Loop() {
		m, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
		if err != nil {
			b.Fatal(err)
		}
		tgt := m.Target(nil)
		rep, err := contract.Run(context.Background(), contract.Config{TargetName: "mock", Target: tgt, Reference: ref,
			Start: inproc.DefaultStart, Seed: inproc.DefaultSeed, Scenarios: scenarios.All(), AllowWrites: true,
			Mockdex: true, Judge: v})
		if err != nil || len(rep.Findings) > 0 {
			b.Fatalf("err %v, findings %d", err, len(rep.Findings))
		}
	}
}
