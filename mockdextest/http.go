package mockdextest

import (
	"fmt"
	"net/http"
	"strings"
)

// Do sends a request to the mock with an optional JSON body and headers
// given as "Name: value" strings (Bearer, DCToken and XAPIKey make them).
// The caller reads and closes the response (ReadBody, ReadJSON).
func (s *Server) Do(method, path, body string, headers ...string) *http.Response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatalf("request: %v", err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			s.t.Fatalf("header %q: want \"Name: value\"", h)
		}
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// Bearer is the Authorization header for a fresh token of the patient.
func (s *Server) Bearer(patientGUID string) string {
	s.t.Helper()
	return fmt.Sprintf("Authorization: Bearer %s", s.Token(patientGUID))
}

// DCToken is the Authorization header the reporting endpoints take.
func (s *Server) DCToken() string { return "Authorization: dc-token " + s.ServiceKey() }

// XAPIKey is the x-api-key header the server-to-server endpoints take.
func (s *Server) XAPIKey() string { return "x-api-key: " + s.APIKey() }
