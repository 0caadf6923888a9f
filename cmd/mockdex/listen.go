package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/server"
)

// serve runs until SIGINT or SIGTERM, then drains: requests in flight
// get --drain-timeout to finish (uploads still arriving are cut at once),
// then whatever remains is closed, and serve returns 0. ready, if not
// nil, receives the bound address (tests listen on :0).
func serve(args []string, stdout, stderr io.Writer, ready chan<- string) (code int) {
	logs := newLogSink(stderr)
	defer logs.Close()
	cfg, opts, err := parseServe(args, stdout, stderr, logs)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitUsage
	}
	restoreGC := startGC()
	defer restoreGC() // on the ways out before serving; it is idempotent
	m, err := mock.New(opts)
	if errors.Is(err, mock.ErrTimeline) {
		err = fmt.Errorf("--timeline %s: %w", cfg.timeline, err)
	}
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	defer func() {
		if err := m.Close(); err != nil { // saves what changed in --data-dir
			fmt.Fprintln(stderr, "mockdex: saving state at shutdown:", err)
			code = exitFail
		}
	}()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	warnOpenControlPlane(cfg, ln.Addr(), opts.Logger)
	served, err := cfg.app.tls.setup(cfg.dataDir, opts.BaseURL, ln.Addr())
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	if served != nil {
		defer served.forget()
	}
	forget, err := recordAddr(ln.Addr(), served.record()...) // for `mockdex healthcheck`
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	}
	defer forget()
	soft, hard := connLimits(cfg.maxConns, openFileLimit())
	limiter := newConnLimiter(ln, soft, hard)
	srv := newHTTPServer(serveChain(limiter, m))
	_ = m.MetricsRegistry().Register(connCollector{limiter}) // one limiter per mock: never a duplicate
	if cfg.metricsAddr != "" {
		stopMetrics, err := startMetrics(cfg.metricsAddr, m, stdout)
		if err != nil {
			ln.Close()
			fmt.Fprintln(stderr, "mockdex:", err)
			return exitFail
		}
		defer stopMetrics()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "mockdex %s listening on %s://%s (clock %s, seed %d)\n", versionString(), served.scheme(), ln.Addr(), cfg.clockSpec, cfg.seed)
	if served != nil {
		srv.TLSConfig = served.config
		// Handshakes a client refuses (it does not trust the authority
		// yet) are worth a line in the log, not on bare stderr.
		srv.ErrorLog = slog.NewLogLogger(opts.Logger.Handler(), slog.LevelInfo)
	}
	cfg.app.announce(stdout, served, ln.Addr(), opts)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- serveOn(srv, limiter) }()
	restoreGC() // after serving starts: its first collection costs the start nothing
	defer keepHeapFloor()()
	if opts.MaxMemory > 0 {
		membound.SetRuntimeLimit(opts.MaxMemory) // after restoreGC, which puts back GOMEMLIMIT's
	}
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "mockdex:", err)
		return exitFail
	case <-ctx.Done():
	}
	m.CutUploads()
	drain(srv, cfg.drain, stderr)
	return exitOK
}

// newHTTPServer applies mockdex's timeouts and limits (see
// internal/server/httplimits.go); a fault's delay extends a response's own
// deadlines past them.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: server.ReadHeaderTimeout,
		ReadTimeout:       server.ReadTimeout,
		WriteTimeout:      server.WriteTimeout,
		IdleTimeout:       server.IdleTimeout,
		MaxHeaderBytes:    server.MaxHeaderBytes,
		ConnContext:       connContext,
	}
}

// serveChain is what every connection is served by: the connection
// limit's admission, the lingering close of refused uploads, the mock.
func serveChain(l *connLimiter, m http.Handler) http.Handler {
	return l.admit(linger(m))
}

// drain lets requests in flight finish for up to d, then closes every
// connection left. Either way the mock has stopped cleanly.
func drain(srv *http.Server, d time.Duration, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "mockdex: requests still running after %s; closing them\n", d)
		_ = srv.Close()
	}
}
