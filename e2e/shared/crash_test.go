package shared

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/store"
)

// ack is a write the mock acknowledged: a visit it answered 200 for.
type ack struct {
	ns, id string
	at     time.Time // when the answer was read (wall time)
	took   time.Duration
}

// crashNamespaces spread the visits, as a team sharing a mock would.
var crashNamespaces = []string{"team-a", "team-b", "team-c"}

// SIGKILL during writes, again and again, at tens of thousands of visits:
// under --durability interval no write acknowledged more than
// store.Window before the kill is lost, and under always none is. Sizes
// are small in `go test`; MOCKDEX_SOAK=1 runs the 20 kills at
// 25,500 visits.
func TestSIGKILLLosesNoAcknowledgedWrite(t *testing.T) {
	visits, kills := 1500, 4
	if os.Getenv("MOCKDEX_SOAK") == "1" {
		visits, kills = 25_500, 20
	}
	roomy := roomyFixtures(t)
	for _, mode := range []string{"interval", "always"} {
		t.Run(mode, func(t *testing.T) {
			args := []string{"--history-days", "1", "--fixtures", roomy, "--max-visits", "200000",
				"--data-dir", t.TempDir(), "--durability", mode}
			p := start(t, args...)
			rng := rand.New(rand.NewPCG(22, 3))
			acked := writeUntil(t, p, func(n int) bool { return n >= visits }, 8)
			t.Logf("%s: %d visits preloaded (%s)", mode, len(acked), rate(acked))
			var lostAges []time.Duration
			var cycle []ack
			for k := 0; k < kills; k++ {
				stopAfter := 200 + rng.IntN(800)
				var killAt time.Time
				cycle = writeUntil(t, p, func(n int) bool {
					if n >= stopAfter && killAt.IsZero() {
						killAt = time.Now()
						p.kill() // mid-stream: the writers' requests in flight go unanswered
					}
					return !killAt.IsZero()
				}, 4)
				acked = append(acked, cycle...)
				p = start(t, args...)
				on := map[string]bool{}
				for _, ns := range crashNamespaces {
					for id := range p.visitIDs(ns) {
						on[id] = true
					}
				}
				kept := acked[:0]
				for _, a := range acked {
					if on[a.id] {
						kept = append(kept, a)
						continue
					}
					lostAges = append(lostAges, killAt.Sub(a.at))
				}
				acked = kept
			}
			t.Logf("%s: %d kills at %d+ visits, %d acknowledged writes lost; last cycle %s, ack latency %s",
				mode, kills, visits, len(lostAges), rate(cycle), latency(cycle))
			oldest := time.Duration(0)
			if len(lostAges) > 0 {
				oldest = slices.Max(lostAges)
				t.Logf("%s: the oldest lost write was acknowledged %s before its kill (window %s)", mode, oldest, store.Window)
			}
			if mode == "always" {
				assert.Zero(t, len(lostAges), "every acknowledged write survives under --durability always")
				return
			}
			assert.Less(t, oldest, store.Window, "no write acknowledged longer than the window before a kill is lost")
		})
	}
}

// writeUntil creates guest visits from workers goroutines, round the
// namespaces, until done (asked with the count acknowledged so far, after
// each one) says so or the process stops answering, and returns the
// acknowledged ones.
func writeUntil(t *testing.T, p *proc, done func(acked int) bool, workers int) []ack {
	t.Helper()
	var (
		mu    sync.Mutex
		out   []ack
		stop  atomic.Bool
		wg    sync.WaitGroup
		fails atomic.Int32
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; !stop.Load(); i += workers {
				ns := crashNamespaces[i%len(crashNamespaces)]
				began := time.Now()
				status, id, err := p.createGuest(ns)
				if err != nil || status != http.StatusOK {
					if stop.Load() || p.killed.Load() {
						return
					}
					if fails.Add(1) > 20 {
						assert.Failf(t, "creates fail", "status %d, %v, %s", status, err, id)
						stop.Store(true)
					}
					continue
				}
				mu.Lock()
				out = append(out, ack{ns: ns, id: id, at: time.Now(), took: time.Since(began)})
				if done(len(out)) {
					stop.Store(true)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	require.NotEmpty(t, out)
	return out
}

// rate is how many writes a second acks span.
func rate(acks []ack) string {
	if len(acks) < 2 {
		return "too few to time"
	}
	span := acks[len(acks)-1].at.Sub(acks[0].at)
	return fmt.Sprintf("%.0f writes/s", float64(len(acks)-1)/span.Seconds())
}

// latency is the median and 99th percentile of acks' round trips.
func latency(acks []ack) string {
	if len(acks) == 0 {
		return "none"
	}
	took := make([]time.Duration, len(acks))
	for i, a := range acks {
		took[i] = a.took
	}
	slices.Sort(took)
	return fmt.Sprintf("p50 %s p99 %s", took[len(took)/2].Round(10*time.Microsecond), took[len(took)*99/100].Round(10*time.Microsecond))
}
