package fakes

import (
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
	return PoolKey(p.PracticeID, p.Region, p.Modality+"/"+p.Qualifier)
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
func (w *World) QueueAt(now time.Time) Queue {
	q := Queue{at: now, waiting: map[string]int{}, world: w}
	counts := map[poolSyms]int{}
	t := instantOf(now)
	w.Visits.eachRec(now.Add(-w.queueLookback()), now.Add(time.Nanosecond), func(r *visitRec) bool {
		if r.waitingAt(t) {
			counts[r.pool()]++
		}
		return true
	})
	keys := w.Visits.poolKeys()
	for ps, n := range counts {
		q.waiting[keys.key(ps)] += n
	}
	return q
}

// Waiting is the number of visits waiting in the pool.
func (q Queue) Waiting(p Pool) int { return q.waiting[p.Key()] }

// RegionWaiting is the number of visits waiting in any pool of the region.
func (q Queue) RegionWaiting(practiceID, region string) int {
	prefix := PoolKey(practiceID, region, "")
	n := 0
	for k, c := range q.waiting {
		if strings.HasPrefix(k, prefix) {
			n += c
		}
	}
	return n
}

// RegionBusy reports whether the region's queue has reached its capacity.
func (q Queue) RegionBusy(practiceID string, r Region) bool {
	return q.RegionWaiting(practiceID, r.RegionCode) >= r.Capacity
}

// Estimate is the wait a visit joining the pool now can expect:
// (visits already waiting + 1) × mean handle time ÷ providers on call.
// See docs/queue-model.md.
func (q Queue) Estimate(p Pool) time.Duration {
	onCall := q.world.Fixtures.onCallCount(p.Key())
	if onCall == 0 {
		return 0
	}
	handle := time.Duration(q.world.Fixtures.Settings.MeanHandleSeconds) * time.Second
	return time.Duration(q.Waiting(p)+1) * handle / time.Duration(onCall)
}

// Unavailable is why the pool cannot take a visit now ("" if it can):
// closed hours first, then nobody on call, then a full region queue.
func (q Queue) Unavailable(p Pool, r Region) string {
	switch {
	case !r.OpenAt(q.at):
		return ReasonOffHours
	case q.world.Fixtures.onCallCount(p.Key()) == 0:
		return ReasonNoOnCall
	case q.RegionBusy(p.PracticeID, r):
		return ReasonBusy
	}
	return ""
}

// queueLookback bounds how long ago a visit still waiting now can have
// been created, so a queue read scans recent visits only, not all history.
// Admission refuses a full region, so no estimate exceeds (capacity + 1)
// handle times even with one provider on call; an hour of slack covers
// the waiting-room delay and history generated with other settings.
func (w *World) queueLookback() time.Duration {
	maxCap := 0
	for _, p := range w.Fixtures.Practices {
		for _, r := range p.Regions {
			maxCap = max(maxCap, r.Capacity)
		}
	}
	set := w.Fixtures.Settings
	return time.Duration(maxCap+1)*time.Duration(set.MeanHandleSeconds)*time.Second +
		time.Duration(set.WaitingRoomAfterSeconds)*time.Second + time.Hour
}
