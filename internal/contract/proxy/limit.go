package proxy

import (
	"sync"
	"time"
)

// limiter spaces requests to the tier (RPS) and holds them back until
// the end of the tier's last Retry-After.
type limiter struct {
	now      func() time.Time
	interval time.Duration // 0: no rate limit

	mu     sync.Mutex // guards next and paused
	next   time.Time  // earliest start of the next request
	paused time.Time  // the tier asked for no request before this
}

func newLimiter(rps float64, now func() time.Time) *limiter {
	l := &limiter{now: now}
	if rps > 0 {
		l.interval = time.Duration(float64(time.Second) / rps)
	}
	return l
}

// reserve books the next turn and returns how long to wait for it; ok is
// false (and nothing is booked) when that is longer than maxWait.
func (l *limiter) reserve(maxWait time.Duration) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	start := now
	if l.next.After(start) {
		start = l.next
	}
	if l.paused.After(start) {
		start = l.paused
	}
	wait = start.Sub(now)
	if wait > maxWait {
		return wait, false
	}
	if l.interval > 0 {
		l.next = start.Add(l.interval)
	}
	return wait, true
}

// pause holds requests back for d from now (the tier's Retry-After).
func (l *limiter) pause(d time.Duration) {
	if d <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.now().Add(d); until.After(l.paused) {
		l.paused = until
	}
}
