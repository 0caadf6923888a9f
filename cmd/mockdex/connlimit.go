package main

import (
	"container/list"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// connLimiter caps concurrent connections, so that a flood of slow
// clients degrades into refused connections instead of "too many open
// files" and failed health checks.
//
// Up to soft connections get full service. Past that, connections are
// still accepted while descriptors last (up to hard), on probation: each
// has probationTime to send its request; health and readiness probes are
// answered, anything else gets a 503, and the connection is closed after
// its one answer, so those places turn over quickly and a probe finds
// one. At hard, a new connection takes the place of the oldest one on
// probation (a probe is answered in milliseconds, so the oldest is a slow
// client), or is closed at once when none is on probation.
type connLimiter struct {
	net.Listener
	soft, hard int64
	active     atomic.Int64
	mu         sync.Mutex // guards onProbation
	// onProbation holds the connections on probation, oldest first.
	onProbation list.List
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
	return &connLimiter{Listener: ln, soft: soft, hard: hard}
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
			_ = c.Close() // refused: the client sees the connection end
			continue
		}
		lc := &limitedConn{Conn: c, l: l}
		if n > l.soft {
			lc.probation = time.Now().Add(probationTime)
			_ = c.SetReadDeadline(lc.probation)
			l.mu.Lock()
			lc.place = l.onProbation.PushBack(lc)
			l.mu.Unlock()
		}
		return lc, nil
	}
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
	_ = e.Value.(*limitedConn).Close() // gives its place back
	return true
}

// limitedConn gives its place back when closed.
type limitedConn struct {
	net.Conn
	l         *connLimiter
	probation time.Time     // zero for full service; else the read deadline it cannot pass
	place     *list.Element // in l.onProbation; guarded by l.mu
	closed    sync.Once
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
		c.l.mu.Unlock()
		c.l.active.Add(-1)
	})
	return c.Conn.Close()
}

// SetReadDeadline keeps a connection on probation within its time, even
// when net/http asks for longer (its header and idle timeouts).
func (c *limitedConn) SetReadDeadline(t time.Time) error {
	if !c.probation.IsZero() && (t.IsZero() || t.After(c.probation)) {
		t = c.probation
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *limitedConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}

// probationKey marks, in a request's context, a connection on probation.
type probationKey struct{}

// connContext is the http.Server's ConnContext: it carries the probation
// mark to the handler.
func connContext(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*tls.Conn); ok { // serving TLS: the limiter's conn is under it
		c = tc.NetConn()
	}
	if lc, ok := c.(*limitedConn); ok && !lc.probation.IsZero() {
		return context.WithValue(ctx, probationKey{}, true)
	}
	return ctx
}

// admit serves a connection on probation its probe, or a 503 for anything
// else, and closes it after; full-service connections pass through.
func (l *connLimiter) admit(next http.Handler) http.Handler {
	busy := fmt.Sprintf(`{"error":"mockdex is serving its limit of %d connections; try again shortly"}`+"\n", l.soft)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(probationKey{}) == nil {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Connection", "close")
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(busy))
		// Leave any body unread: net/http would otherwise wait for up to
		// 256 KiB of it before closing, holding the place a probe needs.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now())
	})
}
