package mockdextest

import (
	"encoding/json"
	"io"
	"net/http"
)

// ReadJSON decodes and closes a response body, failing the test on error.
func (s *Server) ReadJSON(resp *http.Response, into any) {
	s.t.Helper()
	data := s.ReadBody(resp)
	if err := json.Unmarshal([]byte(data), into); err != nil {
		s.t.Fatalf("decode %s: %v", data, err)
	}
}

// ReadBody returns and closes a response body.
func (s *Server) ReadBody(resp *http.Response) string {
	s.t.Helper()
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("read body: %v", err)
	}
	return string(data)
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
