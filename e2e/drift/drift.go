package drift

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Sim is the drifted tier.
type Sim struct {
	upstream http.Handler
	m        Mutation

	mu       sync.Mutex        // guards summary and sessions
	summary  map[string][]byte // a visit's last summary its owner read (visit-readable-by-other)
	sessions map[string]bool   // the TokBox sessions created visits were given (tokbox-unknown-session-refused)
}

// New puts mutation m in front of upstream.
func New(upstream http.Handler, m Mutation) *Sim {
	return &Sim{upstream: upstream, m: m, summary: map[string][]byte{}, sessions: map[string]bool{}}
}

// Handler serves one host: its own paths, through the mutation; every
// other path (another host's, or the control plane) is a 404.
func (s *Sim) Handler(host scenarios.Host) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_mockdex") || scenarios.HostOf(r.URL.Path) != host {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message":"Not Found"}`)
			return
		}
		s.serve(w, r)
	})
}

// request and response are one exchange as a mutation sees it.
type request struct {
	Method, Path string
	Header       http.Header
	Query        string
	JSON         map[string]any // the decoded body, when it is a JSON object
	raw          []byte
	// paging is the caller's limit and offset, when a mutation asks the
	// upstream for everything and pages itself.
	paging map[string]any
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// json decodes the body (nil when it is not JSON).
func (p *response) json() any {
	var v any
	if json.Unmarshal(p.Body, &v) != nil {
		return nil
	}
	return v
}

func (p *response) setJSON(v any) {
	p.Body, _ = json.Marshal(v)
}

func (s *Sim) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	q := &request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), raw: raw}
	_ = json.Unmarshal(raw, &q.JSON)
	if s.m.before != nil {
		s.m.before(q)
	}
	p := s.forward(r, q)
	if s.m.after != nil {
		s.m.after(s, q, p)
	}
	if s.m.delay != nil {
		if d := s.m.delay(q); d > 0 {
			select {
			case <-r.Context().Done():
				return
			case <-timer(d):
			}
		}
	}
	for k, vs := range p.Header {
		w.Header()[k] = vs
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(p.Status)
	w.Write(p.Body)
}

func (s *Sim) forward(r *http.Request, q *request) *response {
	body := q.raw
	if q.JSON != nil {
		body, _ = json.Marshal(q.JSON)
	}
	target := q.Path
	if q.Query != "" {
		target += "?" + q.Query
	}
	up := httptest.NewRequestWithContext(r.Context(), q.Method, target, bytes.NewReader(body))
	up.Header = q.Header
	rec := httptest.NewRecorder()
	s.upstream.ServeHTTP(rec, up)
	return &response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}
