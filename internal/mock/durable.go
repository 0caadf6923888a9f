package mock

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/respond"
)

// syncingWriter holds a write's answer back until the changes it made
// are on disk (Always durability): sync runs before the first byte of
// the answer goes out. A write whose changes could not be saved is
// answered 500 instead of its answer, so it is never acknowledged.
type syncingWriter struct {
	http.ResponseWriter
	sync   func() error
	synced bool
	failed bool
}

func (s *syncingWriter) before() {
	if s.synced {
		return
	}
	s.synced = true
	if err := s.sync(); err != nil {
		s.failed = true
		respond.WriteJSON(s.ResponseWriter, http.StatusInternalServerError,
			map[string]string{"error": "mockdex could not save this change to its data directory (--durability always): " + err.Error()})
	}
}

func (s *syncingWriter) WriteHeader(status int) {
	s.before()
	if !s.failed {
		s.ResponseWriter.WriteHeader(status)
	}
}

func (s *syncingWriter) Write(p []byte) (int, error) {
	s.before()
	if s.failed {
		return len(p), nil // the answer it was to be is dropped
	}
	return s.ResponseWriter.Write(p)
}

// Flush passes a flush on, once the changes are on disk.
func (s *syncingWriter) Flush() {
	s.before()
	if f, ok := s.ResponseWriter.(http.Flusher); ok && !s.failed {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (s *syncingWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// isWrite says whether a method may change state.
func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
