package mockdextest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// control calls mockdex's control plane (/_mockdex/...) with a JSON body
// (nil: none) and decodes the answer into out (nil: discard). Any status
// but want fails the test with the mock's error message.
func (s *Server) control(method, path string, body any, want int, out any) {
	s.t.Helper()
	var in io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+"/_mockdex"+path, in)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	// The control plane takes JSON only, so a web page cannot post to it.
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client.Do(req)
	if err != nil {
		s.t.Fatalf("%s /_mockdex%s: %v", method, path, err)
	}
	data := s.ReadBody(resp)
	if resp.StatusCode != want {
		s.t.Fatalf("%s /_mockdex%s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(data), out); err != nil {
			s.t.Fatalf("%s /_mockdex%s: decode %s: %v", method, path, data, err)
		}
	}
}

// Reset puts the world back to its fixtures (and generated history). The
// clock, faults and request journal are the mock's settings and stay.
func (s *Server) Reset() {
	s.t.Helper()
	s.control(http.MethodPost, "/reset", nil, http.StatusOK, nil)
}

// controlClock is the Clock of a mock, moved through /_mockdex/clock.
type controlClock struct{ s *Server }

type clockAnswer struct {
	Now time.Time `json:"now"`
}

func (c controlClock) Now() time.Time {
	c.s.t.Helper()
	var a clockAnswer
	c.s.control(http.MethodGet, "/clock", nil, http.StatusOK, &a)
	return a.Now
}

func (c controlClock) Set(t time.Time) {
	c.s.t.Helper()
	c.s.control(http.MethodPost, "/clock", map[string]string{"set": t.Format(time.RFC3339Nano)}, http.StatusOK, nil)
}

func (c controlClock) Advance(d time.Duration) time.Time {
	c.s.t.Helper()
	var a clockAnswer
	c.s.control(http.MethodPost, "/clock", map[string]string{"advance": d.String()}, http.StatusOK, &a)
	return a.Now
}
