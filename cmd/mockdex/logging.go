package main

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/respond"
)

// logFlushEvery is how long a log line may wait in the buffer.
const logFlushEvery = 100 * time.Millisecond

// logSink buffers log lines and writes them out within logFlushEvery (or
// once 32 KiB wait), so a busy mock makes a few writes a second instead
// of one system call per request. Close writes what is left.
type logSink struct {
	mu    sync.Mutex // guards buf and timer
	buf   *bufio.Writer
	timer *time.Timer // pending flush; nil when the buffer is empty
}

func newLogSink(w io.Writer) *logSink {
	return &logSink{buf: bufio.NewWriterSize(w, 32<<10)}
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.buf.Write(p)
	if s.buf.Buffered() > 0 && s.timer == nil {
		s.timer = time.AfterFunc(logFlushEvery, s.flush)
	}
	return n, err
}

func (s *logSink) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.buf.Flush() // nowhere left to report a failing log
	s.timer = nil
}

// Close flushes the buffer; lines written afterwards are still kept.
func (s *logSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	return s.buf.Flush()
}

// logLevels are the --log-level values.
var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
}

func parseLogLevel(s string) (slog.Level, error) {
	l, ok := logLevels[strings.ToLower(s)]
	if !ok {
		return 0, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// newLogger's text lines are slog's TextHandler's; respond's variant
// writes the per-request access line without slog's per-record cost.
func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(respond.NewTextHandler(w, opts))
}
