package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/server"
)

// Fairness under slow clients. Slow connections (headers sent a byte at
// a time, or a body that never finishes) must not keep the places other
// clients need. Telling clients apart by address does not do it: a CI
// job's many connections and everyone else's may share one address (a
// NAT, a runner, loopback in tests), and a slow client is slow whatever
// its address. So places are given by behaviour, and only under
// pressure (every place taken, or connections waiting on probation):
//
//   - a new connection starts on probation, and is promoted to full
//     service only when a whole request (headers and a body of up to
//     gate.MaxBody) arrives within probationTime: a slow client on
//     probation never gets a place;
//   - when no place is free, the promotion takes the place of the
//     full-service connection that has sent the least for the longest:
//     one waiting for a request (slow headers, or idle between requests)
//     for at least stallGrace, else one whose body has come in slower
//     than minBodyRate for at least stallGrace. A connection whose
//     request is being answered is never shed;
//   - if none qualifies, the request gets the 503 it got before.
//
// Without pressure nothing changes: no deadline is shortened and nothing
// is shed.
const (
	stallGrace  = time.Second
	minBodyRate = 16 << 10 // bytes per second
	// prereadMax is the most a request on probation may send to be
	// promoted: the API's body limit. A larger upload (a state import)
	// waits for a free place.
	prereadMax = 1 << 20
)

// The phases of a full-service connection.
const (
	phaseWaiting int32 = iota // for a request: headers arriving, or idle between requests
	phaseServing              // its request being answered
	phaseBody                 // its handler reading a body still arriving
)

// progress is what a full-service connection is doing, read by the
// search for whom to shed while the connection's own goroutine moves on.
type progress struct {
	phase atomic.Int32
	since atomic.Int64 // l.now() in Unix ns when the phase began
	bytes atomic.Int64 // body bytes read in phaseBody
	// inflight counts the requests being answered: more than one only on
	// HTTP/2 (TLS), whose streams share the connection and its phase.
	inflight atomic.Int32
}

func (p *progress) wait(now time.Time) {
	p.since.Store(now.UnixNano())
	p.phase.Store(phaseWaiting)
}

// stall scores a connection as a candidate to shed at now: ok is false
// for one being answered, or within stallGrace of its phase, or reading
// a body fast enough; a lower rate is shed first, then a longer stall.
func (p *progress) stall(now time.Time) (rate float64, stalled time.Duration, ok bool) {
	phase := p.phase.Load()
	stalled = now.Sub(time.Unix(0, p.since.Load()))
	if phase == phaseServing || p.inflight.Load() > 1 || stalled < stallGrace {
		return 0, 0, false
	}
	if phase == phaseWaiting {
		return 0, stalled, true
	}
	rate = float64(p.bytes.Load()) / stalled.Seconds()
	return rate, stalled, rate < minBodyRate
}

// stalest is the full-service connection to shed for a promotion, nil
// when none qualifies. l.mu is held.
func (l *connLimiter) stalest(now time.Time) *limitedConn {
	var worst *limitedConn
	var worstRate float64
	var worstStall time.Duration
	for c := range l.full {
		rate, stalled, ok := c.stall(now)
		if ok && (worst == nil || rate < worstRate || (rate == worstRate && stalled > worstStall)) {
			worst, worstRate, worstStall = c, rate, stalled
		}
	}
	return worst
}

// promote moves c from probation to full service, shedding the stalest
// full-service connection when no place is free; false when none can be
// shed.
func (l *connLimiter) promote(c *limitedConn) bool {
	now := l.now()
	l.mu.Lock()
	if c.place == nil { // closed meanwhile, or evicted
		l.mu.Unlock()
		return false
	}
	var victim *limitedConn
	if int64(len(l.full)) >= l.soft {
		if victim = l.stalest(now); victim == nil {
			l.mu.Unlock()
			return false
		}
		delete(l.full, victim)
		victim.full = false
	}
	l.onProbation.Remove(c.place)
	c.place = nil
	l.full[c] = struct{}{}
	c.full = true
	c.probation.Store(0)
	c.phase.Store(phaseServing)
	l.mu.Unlock()
	if victim != nil {
		l.shed.stalled.Add(1)
		_ = victim.Close()
	}
	// net/http's watch for a hang-up reads on with the probation
	// deadline; a full-service request gets the usual one.
	_ = c.Conn.SetReadDeadline(time.Now().Add(server.ReadTimeout)) // wall-clock by nature
	return true
}

// connKey marks, in a request's context, the connection it came on.
type connKey struct{}

// connContext is the http.Server's ConnContext: it carries the
// connection to admit, found under any wrapper that names the connection
// it wraps (tls.Conn's NetConn).
func connContext(ctx context.Context, c net.Conn) context.Context {
	for c != nil {
		if lc, ok := c.(*limitedConn); ok {
			return context.WithValue(ctx, connKey{}, lc)
		}
		w, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			break
		}
		c = w.NetConn()
	}
	return ctx
}

// admit serves a full-service connection's request, noting its progress;
// on probation it answers a probe, promotes a request that arrived whole,
// or answers 503, and closes the connection after the probe or the 503.
func (l *connLimiter) admit(next http.Handler) http.Handler {
	busy := fmt.Sprintf(`{"error":"mockdex is serving its limit of %d connections; try again shortly"}`+"\n", l.soft)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Context().Value(connKey{}).(*limitedConn)
		if c == nil {
			next.ServeHTTP(w, r)
			return
		}
		if c.probation.Load() != 0 {
			if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
				w.Header().Set("Connection", "close")
				next.ServeHTTP(w, r)
				return
			}
			var ok bool
			if r, ok = l.prove(r); !ok || !l.promote(c) {
				l.refuse(w, busy)
				return
			}
		}
		if c.inflight.Add(1) == 1 {
			c.phase.Store(phaseServing)
		}
		defer func() {
			if c.inflight.Add(-1) == 0 {
				c.wait(l.now())
			}
		}()
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = &bodyProgress{ReadCloser: r.Body, c: c, now: l.now}
		}
		next.ServeHTTP(w, r)
	})
}

// prove reads a probation request's body, if any, within the probation
// deadline: a request that arrives whole may take a place.
func (l *connLimiter) prove(r *http.Request) (*http.Request, bool) {
	if !l.fair {
		return r, false
	}
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return r, true
	}
	if r.ContentLength > prereadMax {
		return r, false
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, prereadMax+1))
	if err != nil || len(data) > prereadMax {
		return r, false
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return r, true
}

// refuse answers 503 on probation and closes the connection after.
func (l *connLimiter) refuse(w http.ResponseWriter, busy string) {
	l.shed.busy.Add(1)
	w.Header().Set("Connection", "close")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(busy))
	// Leave any body unread: net/http would otherwise wait for up to
	// 256 KiB of it before closing, holding the place a probe needs.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now())
}

// bodyProgress notes, on its connection, a body being read and how fast
// it comes.
type bodyProgress struct {
	io.ReadCloser
	c       *limitedConn
	now     func() time.Time
	started bool
}

func (b *bodyProgress) Read(p []byte) (int, error) {
	if !b.started {
		b.started = true
		b.c.bytes.Store(0)
		b.c.since.Store(b.now().UnixNano())
		b.c.phase.Store(phaseBody)
	}
	n, err := b.ReadCloser.Read(p)
	b.c.bytes.Add(int64(n))
	if err != nil {
		b.c.phase.Store(phaseServing)
	}
	return n, err
}
