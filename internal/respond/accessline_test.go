package respond

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slogLine is what slog's own TextHandler writes for the access line.
func slogLine(t *testing.T, at time.Time, level slog.Level, a *accessLine) string {
	var buf bytes.Buffer
	r := slog.NewRecord(at, level, "request", 0)
	r.AddAttrs(
		slog.String("method", a.method), slog.String("path", a.path),
		slog.String("operationId", a.opID), slog.Int("status", a.status),
		slog.Float64("duration_ms", a.ms), slog.String("correlation_id", a.corrID))
	r.AddAttrs(a.extra...)
	require.NoError(t, slog.NewTextHandler(&buf, nil).Handle(context.Background(), r))
	return buf.String()
}

// fastPossible is the design's promise: the fast path declines only
// values holding '\\', DEL or non-ASCII bytes, and extras that are not
// keyed strings.
func fastPossible(a *accessLine) bool {
	s := []string{a.method, a.path, a.opID, a.corrID}
	for _, x := range a.extra {
		if x.Key == "" || x.Value.Kind() != slog.KindString {
			return false
		}
		s = append(s, x.Key, x.Value.String())
	}
	for _, v := range s {
		if strings.ContainsFunc(v, func(r rune) bool { return r == '\\' || r >= 0x7f }) {
			return false
		}
	}
	return true
}

var (
	zones = []*time.Location{
		time.UTC, time.FixedZone("IST", 5*3600+1800), time.FixedZone("PDT", -7*3600),
		time.FixedZone("UTC", 0), time.FixedZone("odd", -(3*3600 + 25*60 + 7)),
	}
	// Strings a request can carry, from ordinary to every quoting rule.
	texts = []string{
		"", "GET", "PATCH", "M-SEARCH", "get", "/api/9/regions/waittimes", "/", "/a b", `/a"b`,
		"/a=b", `/a\b`, "/a\x7fb", "/a\x00b", "/a\nb", "/a\tb", "/é", "/\u00a0", "/\u200b", "/\xff",
		"/%20", "/~u;x,y(z)*+!$&'@[]^`{|}<>?#", "healthz", "7f3c-4e-ab", "abc def", "=", `"`, "x\\",
	}
	durations = []time.Duration{
		0, time.Nanosecond, 999, time.Microsecond, 241 * time.Microsecond, 1500 * time.Microsecond,
		2 * time.Second, time.Hour, 1000 * time.Hour, math.MaxInt64, -1500 * time.Microsecond,
	}
)

func randomTime(rng *rand.Rand) time.Time {
	at := time.Unix(rng.Int64N(4102444800), 0) // up to 2100
	switch rng.IntN(4) {
	case 0: // exactly on a second
	case 1:
		at = at.Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
	case 2:
		at = at.Add(time.Duration(rng.IntN(1e9)))
	case 3:
		at = at.Add(999_999_999)
	}
	return at.In(zones[rng.IntN(len(zones))])
}

func TestAccessLineIsSlogsLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return texts[rng.IntN(len(texts))] }
	h := NewTextHandler(io.Discard, nil).(*accessHandler)
	fast := 0
	for i := range 20000 {
		a := accessLine{
			method: pick(), path: pick(), opID: pick(), corrID: pick(),
			status: []int{200, 0, 404, -1, math.MaxInt}[rng.IntN(5)],
			ms:     float64(durations[rng.IntN(len(durations))].Microseconds()) / 1000,
		}
		if i%2 == 0 { // the common line: ordinary values, empty correlation id
			a.method, a.path, a.opID, a.corrID = "GET", "/api/9/regions/waittimes", "getAvailabilityAndWaitTimes", ""
		}
		switch rng.IntN(6) {
		case 0:
			a.extra = []slog.Attr{AuthProblem(pick())}
		case 1:
			a.extra = []slog.Attr{AuthProblem("expired"), slog.String(pick(), pick())}
		case 2:
			a.extra = []slog.Attr{slog.Int("n", 3)}
		}
		if rng.IntN(4) == 0 {
			a.ms = rng.Float64() * math.Pow(10, float64(rng.IntN(30)-10))
		}
		at := randomTime(rng)
		level := []slog.Level{slog.LevelInfo, slog.LevelDebug, slog.LevelWarn + 1}[rng.IntN(3)]

		var buf bytes.Buffer
		h.out.w = &buf
		ok := h.write(at, level, &a)
		require.Equal(t, fastPossible(&a), ok, "%+v", a)
		if !ok {
			require.Zero(t, buf.Len(), "a declined line writes nothing")
			continue
		}
		fast++
		require.Equal(t, slogLine(t, at, level, &a), buf.String(), "%+v at %v", a, at)
	}
	assert.Greater(t, fast, 8000, "the comparison covers the fast path")
}

// The durations Log can pass, each with a millisecond and a sub-millisecond
// time, in UTC and out of it.
func TestAccessLineDurationsAndTimes(t *testing.T) {
	h := NewTextHandler(io.Discard, nil).(*accessHandler)
	base := time.Date(2026, 12, 6, 14, 32, 12, 318_000_000, time.UTC)
	for _, d := range durations {
		for _, at := range []time.Time{base, base.Add(999_999), base.In(zones[1]).Add(1), time.Now()} {
			a := accessLine{method: "GET", path: "/api/9/x", opID: "x", status: 200, ms: float64(d.Microseconds()) / 1000}
			var buf bytes.Buffer
			h.out.w = &buf
			require.True(t, h.write(at, slog.LevelInfo, &a))
			require.Equal(t, slogLine(t, at, slog.LevelInfo, &a), buf.String())
		}
	}
	var buf bytes.Buffer
	h.out.w = &buf
	h.write(base, slog.LevelInfo, &accessLine{method: "GET", path: "/api/9/regions/waittimes",
		opID: "getAvailabilityAndWaitTimes", status: 200, ms: 0.241})
	assert.Equal(t, `time=2026-12-06T14:32:12.318Z level=INFO msg=request method=GET path=/api/9/regions/waittimes operationId=getAvailabilityAndWaitTimes status=200 duration_ms=0.241 correlation_id=""`+"\n", buf.String())
}

var timeField = regexp.MustCompile(`^time=\S+ `)

// Log writes the same line under either handler, fast or not (the time aside).
func TestLogSameUnderEitherHandler(t *testing.T) {
	for _, path := range []string{"/api/9/regions/waittimes", "/a b", "/é", `/a\b`, "/healthz"} {
		for _, extra := range [][]slog.Attr{nil, {AuthProblem("expired")}, {AuthProblem("bad sig")}, {slog.Int("n", 1)}} {
			r := httptest.NewRequest("GET", "/", nil)
			r.URL.Path = path
			r.Header.Set("Correlation-Id", "c-1")
			opID := strings.TrimPrefix(path, "/")
			var ours, theirs bytes.Buffer
			opts := &slog.HandlerOptions{Level: slog.LevelDebug}
			before := time.Now()
			Log(slog.New(NewTextHandler(&ours, opts)), r, opID, 401, 1500*time.Microsecond, extra...)
			Log(slog.New(slog.NewTextHandler(&theirs, opts)), r, opID, 401, 1500*time.Microsecond, extra...)
			require.Equal(t, timeField.ReplaceAllString(theirs.String(), ""), timeField.ReplaceAllString(ours.String(), ""))
			at, err := time.Parse(time.RFC3339, strings.TrimSuffix(strings.TrimPrefix(timeField.FindString(ours.String()), "time="), " "))
			require.NoError(t, err, ours.String())
			assert.WithinDuration(t, before, at, time.Second)
		}
	}
	var out bytes.Buffer
	Log(slog.New(NewTextHandler(&out, nil)), httptest.NewRequest("GET", "/healthz", nil), "healthz", 200, 0)
	assert.Empty(t, out.String(), "probes log at DEBUG")
}

// A derived logger's attrs and groups would be lost on the fast path.
func TestLogThroughDerivedLoggerKeepsItsAttrs(t *testing.T) {
	var out bytes.Buffer
	base := slog.New(NewTextHandler(&out, nil))
	r := httptest.NewRequest("GET", "/api/9/x", nil)
	Log(base.With("instance", "a"), r, "x", 200, 0)
	Log(base.WithGroup("g"), r, "x", 200, 0)
	Log(base.WithGroup("g").With("k", 1), r, "x", 200, 0)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], " msg=request instance=a method=GET ")
	assert.Contains(t, lines[1], " msg=request g.method=GET g.path=/api/9/x ")
	assert.Contains(t, lines[2], " msg=request g.k=1 g.method=GET ")
}

// Options that change slog's bytes turn the fast path off.
func TestAccessLogHonoursReplaceAttrAndAddSource(t *testing.T) {
	drop := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == "correlation_id" || a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	r := httptest.NewRequest("GET", "/api/9/x", nil)
	var out bytes.Buffer
	Log(slog.New(NewTextHandler(&out, &slog.HandlerOptions{ReplaceAttr: drop})), r, "x", 200, 0)
	assert.Equal(t, "level=INFO msg=request method=GET path=/api/9/x operationId=x status=200 duration_ms=0\n", out.String())
	out.Reset()
	Log(slog.New(NewTextHandler(&out, &slog.HandlerOptions{AddSource: true})), r, "x", 200, 0)
	assert.Contains(t, out.String(), " source=")
}

// inWriteCheck is an unsynchronized writer that counts overlapping Writes
// and keeps each Write apart.
type inWriteCheck struct {
	in, overlaps atomic.Int32
	writes       []string
}

func (w *inWriteCheck) Write(p []byte) (int, error) {
	if w.in.Add(1) != 1 {
		w.overlaps.Add(1)
	}
	time.Sleep(time.Microsecond) // widen the window a missing lock would leave
	w.writes = append(w.writes, string(p))
	w.in.Add(-1)
	return len(p), nil
}

func TestAccessLinesNeverInterleave(t *testing.T) {
	var w inWriteCheck
	log := slog.New(NewTextHandler(&w, nil))
	const goroutines, each = 16, 200
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			r := httptest.NewRequest("GET", fmt.Sprintf("/api/9/g%d", g), nil)
			for i := range each {
				switch i % 4 {
				case 0:
					log.Info("other", "g", g) // slog's own line, through the same writer
				case 1:
					log.With("d", g).Info("derived")
				case 2:
					Log(log, r, "op", 200, time.Duration(i)*time.Microsecond, AuthProblem("bad sig")) // quoted, fast
				default:
					Log(log, r, "op", 200, time.Duration(i)*time.Microsecond)
				}
			}
		})
	}
	wg.Wait()
	assert.Zero(t, w.overlaps.Load(), "Writes overlapped")
	require.Len(t, w.writes, goroutines*each, "one Write per line")
	line := regexp.MustCompile(`^time=\S+ level=INFO msg=(request method=GET path=/api/9/g\d+ operationId=op status=200 duration_ms=[0-9.]+ correlation_id=""( auth_problem="bad sig")?|other g=\d+|derived d=\d+)\n$`)
	for _, s := range w.writes {
		require.Regexp(t, line, s)
	}
}

func BenchmarkAccessLog(b *testing.B) {
	r := httptest.NewRequest("GET", "/api/9/regions/waittimes", nil)
	for _, bc := range []struct {
		name string
		h    slog.Handler
	}{
		{"slog", slog.NewTextHandler(io.Discard, nil)},
		{"fast", NewTextHandler(io.Discard, nil)},
	} {
		log := slog.New(bc.h)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Log(log, r, "getAvailabilityAndWaitTimes", 200, 241*time.Microsecond)
			}
		})
		b.Run(bc.name+"+auth_problem", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Log(log, r, "getAvailabilityAndWaitTimes", 401, 241*time.Microsecond, AuthProblem("expired"))
			}
		})
	}
}
