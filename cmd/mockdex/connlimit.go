package main

import (
	"container/list"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// connLimiter caps concurrent connections, so that a flood of slow
// clients degrades into refused connections instead of "too many open
// files" and failed health checks, and so that slow clients cannot keep
// the places other clients need (connfair.go).
//
// Up to soft connections get full service. Past that (and, once there is
// pressure, for every new connection) connections are still accepted
// while descriptors last (up to hard), on probation: each has
// probationTime to send its request. Health and readiness probes are
// answered at once; any other request that arrives whole within the time
// takes a place in full service, from the connection that has sent the
// least for the longest if none is free (connfair.go), or else gets a
// 503; the connection is closed after a probe or a 503, so those places
// turn over quickly. At hard, a new connection takes the place of the
// oldest one on probation (a probe is answered in milliseconds, so the
// oldest is a slow client), or is closed at once when none is on
// probation.
type connLimiter struct {
	net.Listener
	soft, hard int64
	active     atomic.Int64
	// now is the clock a connection's stall is judged on (tests inject
	// theirs); fair turns on promotion and shedding (off: the policy
	// before it, which the fairness test measures against).
	now  func() time.Time
	fair bool

	mu   sync.Mutex // guards full, onProbation and each conn's place and full
	full map[*limitedConn]struct{}
	// onProbation holds the connections on probation, oldest first.
	onProbation list.List

	shed struct{ busy, refused, evicted, stalled atomic.Uint64 } // for /metrics
}

// probationTime is how long a connection on probation has to send its
// request.
const probationTime = 2 * time.Second

// fdReserve is how many descriptors are left to everything but
// connections (the listener, fixtures, the log, a data directory).
const fdReserve = 64

// defaultMaxConns caps full service when --max-conns is not given and
// descriptors are plentiful; each connection costs some 20 KB.
const defaultMaxConns = 4096

// connLimits picks the two thresholds from --max-conns (0: automatic)
// and the process's open-file limit (0: unknown).
func connLimits(maxConns int, nofile uint64) (soft, hard int64) {
	hard = 1 << 20
	if nofile > 0 {
		hard = max(int64(nofile)-fdReserve, 16)
	}
	soft = int64(maxConns)
	if soft <= 0 {
		soft = defaultMaxConns
	}
	// Keep an eighth of the descriptors (at least a few) for probation.
	return min(soft, hard-max(hard/8, 4)), hard
}

func newConnLimiter(ln net.Listener, soft, hard int64) *connLimiter {
	return &connLimiter{Listener: ln, soft: soft, hard: hard, now: time.Now, fair: true, full: map[*limitedConn]struct{}{}}
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		n := l.active.Add(1)
		if n > l.hard && !l.evictOldest() {
			l.active.Add(-1)
			l.shed.refused.Add(1)
			_ = c.Close() // refused: the client sees the connection end
			continue
		}
		lc := &limitedConn{Conn: c, l: l}
		l.mu.Lock()
		if l.underPressure() {
			probation := time.Now().Add(probationTime) // a socket deadline: wall-clock by nature
			lc.probation.Store(probation.UnixNano())
			lc.place = l.onProbation.PushBack(lc)
			l.mu.Unlock()
			_ = c.SetReadDeadline(probation)
			return lc, nil
		}
		l.full[lc] = struct{}{}
		lc.full = true
		lc.wait(l.now())
		l.mu.Unlock()
		return lc, nil
	}
}

// underPressure says whether a new connection starts on probation: every
// full-service place is taken, or (with fair) connections are already
// waiting on probation, so a place freed goes to one that has sent a
// request rather than to whoever connects next. l.mu is held.
func (l *connLimiter) underPressure() bool {
	if int64(len(l.full)) >= l.soft {
		return true
	}
	return l.fair && l.onProbation.Len() > 0
}

// evictOldest closes the oldest connection on probation, if any, to make
// room for a new one.
func (l *connLimiter) evictOldest() bool {
	l.mu.Lock()
	e := l.onProbation.Front()
	l.mu.Unlock()
	if e == nil {
		return false
	}
	l.shed.evicted.Add(1)
	_ = e.Value.(*limitedConn).Close() // gives its place back
	return true
}

// connStats is the limiter's state for /metrics.
type connStats struct {
	active, probation               int64
	busy, refused, evicted, stalled uint64
}

func (l *connLimiter) stats() connStats {
	l.mu.Lock()
	onProbation := int64(l.onProbation.Len())
	l.mu.Unlock()
	return connStats{active: l.active.Load(), probation: onProbation, busy: l.shed.busy.Load(),
		refused: l.shed.refused.Load(), evicted: l.shed.evicted.Load(), stalled: l.shed.stalled.Load()}
}

// limitedConn gives its place back when closed.
type limitedConn struct {
	net.Conn
	l *connLimiter
	// probation is the read deadline (Unix ns) a connection on probation
	// cannot pass; 0 in full service.
	probation atomic.Int64
	place     *list.Element // in l.onProbation; guarded by l.mu
	full      bool          // in l.full; guarded by l.mu
	closed    sync.Once
	progress  // what it is doing, for the choice of whom to shed
}

// NetConn is the connection under the limit's wrapper, as tls.Conn names
// its own: a reset fault sets SO_LINGER on it.
func (c *limitedConn) NetConn() net.Conn { return c.Conn }

func (c *limitedConn) Close() error {
	c.closed.Do(func() {
		c.l.mu.Lock()
		if c.place != nil {
			c.l.onProbation.Remove(c.place)
			c.place = nil
		}
		if c.full {
			delete(c.l.full, c)
			c.full = false
		}
		c.l.mu.Unlock()
		c.l.active.Add(-1)
	})
	return c.Conn.Close()
}

// SetReadDeadline keeps a connection on probation within its time, even
// when net/http asks for longer (its header and idle timeouts).
func (c *limitedConn) SetReadDeadline(t time.Time) error {
	if p := c.probation.Load(); p != 0 && (t.IsZero() || t.UnixNano() > p) {
		t = time.Unix(0, p)
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *limitedConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}
