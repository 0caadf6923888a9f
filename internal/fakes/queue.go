package fakes

import (
	"math"
	"strings"
	"time"
)

// Pool is one virtual queue: a practice region's visits of one modality
// for one assignment qualifier.
type Pool struct {
	PracticeID string
	Region     string
	Modality   string // visit type name: virtual or phone
	Qualifier  string // adult, pediatric...
}

// Key is the pool's name in fixtures (Provider.Pools, Fixtures.OnCall).
func (p Pool) Key() string {
	var buf [128]byte // on the stack: the string is the one allocation
	return string(appendPoolKey(buf[:0], p.PracticeID, p.Region, p.Modality, p.Qualifier))
}

// appendPoolKey appends a pool's key: "practice/REGION/modality/qualifier".
func appendPoolKey(b []byte, practiceID, region, modality, qualifier string) []byte {
	b = append(append(b, practiceID...), '/')
	b = append(append(b, strings.ToUpper(region)...), '/')
	return append(append(append(b, modality...), '/'), qualifier...)
}

// Unavailability reasons, as DexCare's wait-time endpoint names them.
const (
	ReasonOffHours = "OFF_HOURS"
	ReasonNoOnCall = "NO_ONCALL_PROVIDERS"
	ReasonBusy     = "REGION_BUSY"
)

// What an on-demand visit queues for when the request leaves it out.
const (
	defaultModality  = "virtual"
	defaultQualifier = "adult"
)

// poolOf is the pool a queued visit waits in.
func poolOf(v *Visit) Pool {
	q := defaultQualifier
	if len(v.Qualifiers) > 0 {
		q = v.Qualifiers[0]
	}
	return Pool{PracticeID: v.PracticeID, Region: v.RegionCode, Modality: v.Modality, Qualifier: q}
}

// isQueued reports whether a visit is waiting for a provider at t.
func isQueued(v *Visit, t time.Time) bool {
	if !v.Kind.Queued() {
		return false
	}
	s, _ := v.StatusAt(t)
	return s == StatusRequested || s == StatusWaitingRoom
}

// Queue is a snapshot of how many visits wait in each pool at one time.
type Queue struct {
	at      time.Time
	waiting map[string]int // pool key → visits requested or in the waiting room
	world   *World
}

// QueueAt counts the visits waiting at now, pool by pool. Visits created
// after now (none, unless the clock was set back) are not counted.
// An empty queue (the usual poll) allocates no maps: reads of a nil map
// find zero.
func (w *World) QueueAt(now time.Time) Queue {
	q := Queue{at: now, world: w}
	from, t := instantOf(w.queueFrom(now)), instantOf(now)
	counts := w.Visits.waitingCounts(from, t)
	if len(counts) == 0 {
		return q
	}
	q.waiting = make(map[string]int, len(counts))
	keys := w.Visits.poolKeys()
	for ps, n := range counts {
		q.waiting[keys.key(ps)] += n
	}
	return q
}

// Waiting is the number of visits waiting in the pool.
func (q Queue) Waiting(p Pool) int { return q.waiting[p.Key()] }

// pooled is a pool with its key, built once for the reads of one answer.
type pooled struct {
	Pool
	key string
}

func (p Pool) pooled() pooled { return pooled{p, p.Key()} }

// regionPrefix is the start of the key every pool of p's region shares.
// (Upper-casing may change a code's length outside ASCII; it allocates
// nothing for a code already upper-case ASCII.)
func (p pooled) regionPrefix() string {
	return p.key[:len(p.PracticeID)+len(strings.ToUpper(p.Region))+2]
}

// RegionWaiting is the number of visits waiting in any pool of the region.
func (q Queue) RegionWaiting(practiceID, region string) int {
	return q.regionWaiting(PoolKey(practiceID, region, ""))
}

// regionWaiting counts the visits waiting in the pools whose keys start
// with prefix, a region's "practice/REGION/".
func (q Queue) regionWaiting(prefix string) int {
	n := 0
	for k, c := range q.waiting {
		if strings.HasPrefix(k, prefix) {
			n += c
		}
	}
	return n
}

// RegionBusy reports whether the region's queue has reached its capacity
// (as the timeline has it).
func (q Queue) RegionBusy(practiceID string, r Region) bool {
	return q.RegionWaiting(practiceID, r.RegionCode) >= q.world.capacityAt(practiceID, r, q.at)
}

// Estimate is the wait a visit joining the pool now can expect:
// (visits already waiting + 1) × mean handle time ÷ providers on call.
// See docs/queue-model.md.
func (q Queue) Estimate(p Pool) time.Duration { return q.estimate(p.pooled()) }

func (q Queue) estimate(p pooled) time.Duration {
	onCall := q.world.onCallAt(p, q.at)
	if onCall == 0 {
		return 0
	}
	handle := time.Duration(q.world.Fixtures.Settings.MeanHandleSeconds) * time.Second
	return time.Duration(q.waiting[p.key]+1) * handle / time.Duration(onCall)
}

// Unavailable is why the pool cannot take a visit now ("" if it can):
// closed hours first, then nobody on call, then a full region queue, each
// as the fixtures have it changed by the world's timeline.
func (q Queue) Unavailable(p Pool, r Region) string { return q.unavailable(p.pooled(), r) }

func (q Queue) unavailable(p pooled, r Region) string {
	switch {
	case !q.world.regionOpenAt(p.PracticeID, r, q.at):
		return ReasonOffHours
	case q.world.onCallAt(p, q.at) == 0:
		return ReasonNoOnCall
	case q.regionWaiting(p.regionPrefix()) >= q.world.capacityAt(p.PracticeID, r, q.at):
		return ReasonBusy
	}
	return ""
}

// queueFrom is the earliest creation time of a visit that may still wait
// at now, so a queue read scans only those, not all history: now less
// the longest wait any stored visit was planned with (and a nanosecond,
// as a visit leaves the queue at its planned instant). Bounding the scan
// by capacity × handle time instead made each create cost in proportion
// to the visits created in the hours before it.
func (w *World) queueFrom(now time.Time) time.Time {
	span := w.Visits.QueueSpan()
	if span == math.MaxInt64 {
		return time.Time{}
	}
	return now.Add(-span - time.Nanosecond)
}

// onCallProvider is the i-th provider on call for the pool (i modulo
// their number), without copying the list.
func (f *Fixtures) onCallProvider(pool string, i int) Provider {
	l := f.onCall[pool]
	return l[i%len(l)]
}
