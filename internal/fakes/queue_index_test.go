package fakes

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
)

// scanQueue is how QueueAt counted before the index: every record
// created within the window, judged at now. The index must agree with
// it whatever happens to the store.
func scanQueue(w *World, now time.Time) map[string]int {
	out := map[string]int{}
	keys := w.Visits.poolKeys()
	t := instantOf(now)
	w.Visits.eachRec(w.queueFrom(now), now.Add(time.Nanosecond), func(r *visitRec) bool {
		if r.waitingAt(t) {
			out[keys.key(r.pool())]++
		}
		return true
	})
	return out
}

// Random visits of every shape (waiting then seen, waiting for ever (in
// even seeds only: one such visit makes the read window unbounded),
// back in the queue after leaving it, created ahead of the clock, not
// queued at all), changed, imported and read at times that mostly move
// forward and now and then back: the index's counts are the scan's at
// every read.
func TestQueueIndexCountsAsTheScanDid(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			fx, err := LoadFixtures(fixtures.Default(), 0)
			require.NoError(t, err)
			w := NewWorld(Options{Fixtures: fx})
			base := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
			now := base
			at := func(d int) time.Time { return now.Add(time.Duration(d) * time.Second) }
			visit := func(id int) Visit {
				kind := KindVirtual
				if rng.IntN(8) == 0 {
					kind = KindRetail
				}
				created := at(rng.IntN(40) - 30)
				v := Visit{ID: fmt.Sprintf("v%d", id), Kind: kind, PracticeID: "p", RegionCode: []string{"WA", "OR"}[rng.IntN(2)],
					Modality: "virtual", Qualifiers: []string{[]string{"adult", "pediatric"}[rng.IntN(2)]}, Created: created}
				step := func(status string, after int) {
					v.Timeline = append(v.Timeline, Transition{Status: status, At: created.Add(time.Duration(after) * time.Second)})
				}
				step(StatusRequested, 0)
				shape := rng.IntN(5)
				if seed%2 == 1 && shape == 0 {
					shape = 2 // odd seeds keep every wait bounded: the window then matters
				}
				switch shape {
				case 0: // waits for ever
				case 1: // back in the queue after leaving it
					step(StatusInVisit, 1+rng.IntN(20))
					step(StatusWaitingRoom, 25+rng.IntN(20))
				default:
					w := 1 + rng.IntN(30)
					step(StatusWaitingRoom, rng.IntN(w))
					step(StatusInVisit, w)
					step(StatusDone, w+5)
				}
				return v
			}
			ids := 0
			for range 300 {
				switch op := rng.IntN(10); {
				case op < 5:
					require.NoError(t, w.Visits.Add(visit(ids)))
					ids++
				case op == 5 && ids > 0:
					id := fmt.Sprintf("v%d", rng.IntN(ids))
					_, err := w.Visits.Update(id, func(v *Visit) error {
						plan := visit(0).Timeline // another plan, from its own creation
						for i := range plan {
							plan[i].At = v.Created.Add(plan[i].At.Sub(plan[0].At))
						}
						v.Timeline = plan
						return nil
					})
					require.NoError(t, err)
				case op == 6:
					// An imported visit that waits longer than any added
					// one: reads must look back as far as its wait.
					v := visit(ids)
					for i := 1; i < len(v.Timeline); i++ {
						v.Timeline[i].At = v.Timeline[i].At.Add(time.Minute)
					}
					w.Visits.restore(v, false)
					ids++
				case op == 7:
					now = at(-rng.IntN(20)) // the clock set back
				default:
					now = at(rng.IntN(6))
				}
				require.Equal(t, scanQueue(w, now), nonNil(w.QueueAt(now).waiting), "at %s", now.Sub(base))
			}
		})
	}
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}
