package server

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/respond"
)

// The faults that break an answer on the wire. On HTTP/1 a reset is a
// real TCP RST (the connection hijacked, SO_LINGER 0, closed); the
// others send what they send through the ResponseWriter, flushed, and
// then ask ServeHTTP to cut the exchange (Call.abort), which panics with
// http.ErrAbortHandler once the journal has its record: net/http closes
// an HTTP/1 connection on it and resets an HTTP/2 stream (RST_STREAM).
// On HTTP/2 a connection is shared by many streams and cannot be
// hijacked, so a reset there is that stream reset.

// shapeAnswer writes the answer produce writes (the handler's, or the
// fault's own), reshaped as the fault's kind says.
func (s *Server) shapeAnswer(w *respond.Recorder, c *Call, hit faults.Hit, produce func(http.ResponseWriter)) {
	w.Hold()
	produce(w)
	status, held := w.Held()
	body := bytes.Clone(held)
	w.Discard()
	h := w.Header()
	switch hit.Kind {
	case faults.KindEmptyBody:
		h.Set("Content-Length", "0")
		w.WriteHeader(status)
	case faults.KindMalformedJSON:
		cut := malformed(body)
		h.Set("Content-Length", strconv.Itoa(len(cut)))
		w.WriteHeader(status)
		_, _ = w.Write(cut)
	case faults.KindCloseAfterHeaders:
		declare(h, max(len(body), 1))
		w.WriteHeader(status)
		w.Flush()
		c.abort = true
	case faults.KindTruncatedBody:
		declare(h, max(len(body), 1))
		w.WriteHeader(status)
		_, _ = w.Write(body[:len(body)/2])
		w.Flush()
		c.abort = true
	case faults.KindSlowBody:
		declare(h, len(body))
		w.WriteHeader(status)
		c.abort = !dribble(c.Request().Context(), w, body, hit.BytesPerSecond)
	}
}

func declare(h http.Header, n int) { h.Set("Content-Length", strconv.Itoa(n)) }

// malformed is body cut in half: well framed, and not JSON a parser can
// finish (at least "{", for an answer too short to halve).
func malformed(body []byte) []byte {
	if len(body) < 2 {
		return []byte("{")
	}
	return body[:len(body)/2]
}

// dribbleTicks is how many writes a slow body makes per second.
const dribbleTicks = 10

// dribble sends body at about bytesPerSecond, flushing each piece; after
// faults.MaxDelay it sends the rest at once. It reports false when the
// client went away, so what was sent was not all.
func dribble(ctx context.Context, w *respond.Recorder, body []byte, bytesPerSecond int) bool {
	chunk := max(bytesPerSecond/dribbleTicks, 1)
	tick := time.Duration(chunk) * time.Second / time.Duration(bytesPerSecond)
	whole := time.Duration(len(body)/bytesPerSecond+1) * time.Second
	extendDeadlines(w, min(whole, faults.MaxDelay))
	stop := time.Now().Add(faults.MaxDelay) // wall time: the client's stopwatch is what a slow body is for
	for len(body) > 0 {
		n := min(chunk, len(body))
		if time.Now().After(stop) {
			n = len(body)
		}
		if _, err := w.Write(body[:n]); err != nil {
			return false
		}
		w.Flush()
		if body = body[n:]; len(body) > 0 && !sleepCtx(ctx, tick) {
			return false
		}
	}
	return true
}

// writeGatewayPage answers the HTML page a load balancer sends when the
// service behind it fails.
func writeGatewayPage(w http.ResponseWriter, status int) {
	page := faults.GatewayPage(status, http.StatusText(status))
	h := w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Server", "nginx")
	declare(h, len(page))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

// resetConnection resets an HTTP/1 connection with a TCP RST: hijacked,
// lingering 0, closed. It reports false when the connection cannot be
// hijacked (HTTP/2, a writer in memory): the caller aborts instead.
func resetConnection(w http.ResponseWriter, r *http.Request) bool {
	if r.ProtoMajor != 1 {
		return false
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	lingerNot(conn)
	_ = conn.Close() // the outermost conn: a listener's wrapper counts its close
	return true
}

// lingerNot makes closing c send RST, not FIN: SO_LINGER 0 on the TCP
// connection under whatever wraps it (TLS, a listener's own wrapper),
// each of which names the one under it with NetConn.
func lingerNot(c net.Conn) {
	for c != nil {
		if tcp, ok := c.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
			return
		}
		under, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			return
		}
		c = under.NetConn()
	}
}
