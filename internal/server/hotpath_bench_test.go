package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/metrics"
	"github.com/mockdex/mockdex/tools/roomy"
)

// The two requests tools/sidebyside.sh loads the mock with, served
// in-process with the defaults cmd/mockdex runs with (journal on, a text
// request log), so a change to the request path shows here in time and
// allocations before it shows under wrk:
//
//	go test -run '^$' -bench HotPaths -benchmem ./internal/server/
func BenchmarkHotPaths(b *testing.B) {
	b.Run("get-waittimes", func(b *testing.B) {
		s := hotServer(b, testOptions{})
		benchRequests(b, s, func() *http.Request {
			return httptest.NewRequest("GET", "/api/9/regions/waittimes?regionCodes[]=WA&practiceId="+roomy.PracticeID, nil)
		})
	})
	b.Run("post-visit", func(b *testing.B) {
		fx, err := roomy.FS()
		if err != nil {
			b.Fatal(err)
		}
		s := hotServer(b, testOptions{Fixtures: fx, MaxVisits: -1})
		token, err := auth.Mint(auth.DefaultJWTSecret, roomy.PatientGUID, time.Now(), time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		body := roomy.VisitBody()
		benchRequests(b, s, func() *http.Request {
			r := httptest.NewRequest("POST", "/api/9/visits", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+token)
			return r
		})
	})
}

// hotServer is a server on the real clock with a text log to nowhere
// and its requests counted for /metrics, as mock.New builds it.
func hotServer(b *testing.B, o testOptions) *Server {
	o.Clock = clock.New(clock.Real, 1, time.Time{})
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	o.Observe = metrics.New([]string{"getAvailabilityAndWaitTimes", "createVisitV9"}, metrics.Sources{}).Observe
	s, err := newTest(o)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchRequests(b *testing.B, s *Server, req func() *http.Request) {
	w := &discardWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		w.status = 0
		s.ServeHTTP(w, req())
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// discardWriter is the least a ResponseWriter can be: the benchmark
// measures the server, not a recorder.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}
