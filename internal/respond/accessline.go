package respond

import (
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/mstamp"
)

// NewTextHandler is slog.NewTextHandler whose access lines (Log) skip
// slog.Record: building one, growing its attr slice past five and
// walking it cost more than the rest of a mocked request. Log writes the
// same bytes slog would; every other line is slog's own.
func NewTextHandler(w io.Writer, opts *slog.HandlerOptions) slog.Handler {
	out := &lockedWriter{w: w}
	return &accessHandler{
		// slog writes through out too, so its lines and Log's share one lock.
		TextHandler: slog.NewTextHandler(out, opts),
		out:         out,
		// ReplaceAttr and AddSource change what slog writes; leave those lines to it.
		fast: opts == nil || (opts.ReplaceAttr == nil && !opts.AddSource),
	}
}

// accessHandler's promoted WithAttrs and WithGroup return the plain
// *slog.TextHandler, so a derived logger is never mistaken for one Log
// may bypass (that would drop its attrs and groups).
type accessHandler struct {
	*slog.TextHandler
	out  *lockedWriter
	fast bool
}

// lockedWriter serializes whole lines, as slog's handler mutex does,
// across slog's writes and Log's.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// accessLine is what Log records of a request.
type accessLine struct {
	method, path, opID, corrID string
	status                     int
	ms                         float64
	extra                      []slog.Attr
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// write writes a as slog's TextHandler would write a record at t, in one
// Write. It reports false, having written nothing, when it cannot be sure
// of slog's bytes; the caller then logs through slog.
func (h *accessHandler) write(t time.Time, level slog.Level, a *accessLine) bool {
	if !h.fast {
		return false
	}
	bp := lineBufs.Get().(*[]byte)
	b, ok := a.append((*bp)[:0], t, level)
	if ok {
		_, _ = h.out.Write(b) // slog.Logger drops a handler's error too
	}
	if cap(b) <= 4<<10 { // keep a huge path's buffer out of the pool
		*bp = b
		lineBufs.Put(bp)
	}
	return ok
}

func (a *accessLine) append(b []byte, t time.Time, level slog.Level) ([]byte, bool) {
	b = append(b, "time="...)
	b = append(b, logStamps.String(t)...)
	b = append(b, " level="...)
	b, ok := appendText(b, level.String())
	b = append(b, " msg=request method="...)
	b, ok1 := appendText(b, a.method)
	b = append(b, " path="...)
	b, ok2 := appendText(b, a.path)
	b = append(b, " operationId="...)
	b, ok3 := appendText(b, a.opID)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(a.status), 10)
	b = append(b, " duration_ms="...)
	b = strconv.AppendFloat(b, a.ms, 'g', -1, 64) // slog's Value.append for KindFloat64
	b = append(b, " correlation_id="...)
	b, ok4 := appendText(b, a.corrID)
	ok = ok && ok1 && ok2 && ok3 && ok4
	for _, x := range a.extra {
		// Other kinds, and an empty key (slog may elide the attr), go to slog.
		if x.Key == "" || x.Value.Kind() != slog.KindString {
			return b, false
		}
		b = append(b, ' ')
		b, ok1 = appendText(b, x.Key)
		b = append(b, '=')
		b, ok2 = appendText(b, x.Value.String())
		ok = ok && ok1 && ok2
	}
	return append(b, '\n'), ok
}

// logStamps formats each millisecond's time once: every line of that
// millisecond shows the same text.
var logStamps = mstamp.New(appendRFC3339Millis)

// appendRFC3339Millis is log/slog's (handler.go), copied because the
// time's bytes must match slog's to the digit.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	// RFC3339Nano trims trailing zeros; 1/10 ms more always leaves four
	// fractional digits, the fourth then dropped.
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// Bits of textClass: what slog's TextHandler (needsQuoting in
// log/slog/text_handler.go) does with a string holding a byte.
const (
	quotes = 1 << iota // space, '=', '"', control bytes: always quoted
	unsure             // '\\', DEL, non-ASCII: depends on more than the byte; left to slog
)

var textClass = func() (c [256]uint8) {
	for i := range c {
		switch b := byte(i); {
		case b < ' ' || b == ' ' || b == '=' || b == '"':
			c[i] = quotes
		case b == '\\' || b >= 0x7f:
			c[i] = unsure
		}
	}
	return c
}()

// appendText appends s as slog's TextHandler writes a string: bare, or
// strconv-quoted when needsQuoting holds. ok is false when this cannot
// tell which without copying slog's Unicode rules.
func appendText(b []byte, s string) (_ []byte, ok bool) {
	var seen uint8
	for i := 0; i < len(s); i++ {
		seen |= textClass[s[i]]
	}
	switch {
	case s == "" || seen&quotes != 0:
		// One quoting byte makes needsQuoting true, whatever else s holds.
		return strconv.AppendQuote(b, s), true
	case seen&unsure != 0:
		return b, false
	}
	return append(b, s...), true
}
