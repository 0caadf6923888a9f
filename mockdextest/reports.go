package mockdextest

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ReportRequest is the All Visits Report job StartReport starts.
type ReportRequest struct {
	// Type is virtual (the default), retail or provider_booking.
	Type string
	// From and To bound the visits' creation times, [From, To). Zero for
	// both: the mock's default window, the 10 days before now (a visit
	// created this very instant is not in it; move the clock on first).
	From, To time.Time
}

// StartReport starts an All Visits Report job and returns its id.
func (s *Server) StartReport(r ReportRequest) string {
	s.t.Helper()
	body := map[string]string{"type": r.Type}
	if r.Type == "" {
		body["type"] = "virtual"
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		body["startDate"] = r.From.UTC().Format(time.RFC3339)
		body["endDate"] = r.To.UTC().Format(time.RFC3339)
	}
	var started struct {
		ID string `json:"id"`
	}
	s.reporting(http.MethodPost, "/api/8/reporting/allvisitsreport", body, &started)
	return started.ID
}

// reportWait bounds AwaitReport, in mock time.
const reportWait = 10 * time.Minute

// AwaitReport waits for the job to end and returns how it ended:
// SUCCEEDED or CANCELLED. It moves the mock clock on a second at a time
// between polls (the clock stands still otherwise), so visits move on
// too; it fails the test if the job has not ended after 10 minutes of
// mock time.
func (s *Server) AwaitReport(id string) string {
	s.t.Helper()
	for waited := time.Duration(0); ; waited += time.Second {
		var job struct {
			Status string `json:"status"`
		}
		s.reporting(http.MethodGet, "/api/8/reporting/allvisitsreport/"+url.PathEscape(id), nil, &job)
		if job.Status == "SUCCEEDED" || job.Status == "CANCELLED" {
			return job.Status
		}
		if waited >= reportWait {
			s.t.Fatalf("report %s still %s after %s of mock time", id, job.Status, reportWait)
		}
		s.Clock.Advance(time.Second)
	}
}

// CSV is a report's data: the header row and one row per visit.
type CSV struct {
	Header []string
	Rows   [][]string
}

// Column is the named column's value in every row, in row order; nil if
// the report has no such column (docs/avr-data-dictionary.md lists them).
func (c CSV) Column(name string) []string {
	for i, h := range c.Header {
		if h == name {
			out := make([]string, len(c.Rows))
			for r, row := range c.Rows {
				out[r] = row[i]
			}
			return out
		}
	}
	return nil
}

// ReportCSV downloads and parses the data of a job that has succeeded.
func (s *Server) ReportCSV(id string) CSV {
	s.t.Helper()
	resp := s.Do(http.MethodGet, "/api/8/reporting/allvisitsreport/"+url.PathEscape(id)+"/data", "", s.DCToken())
	data := s.ReadBody(resp)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("report %s data: %d %s", id, resp.StatusCode, data)
	}
	records, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil || len(records) == 0 {
		s.t.Fatalf("report %s data is not a CSV with a header: %v", id, err)
	}
	return CSV{Header: records[0], Rows: records[1:]}
}

// reporting calls a reporting endpoint with the service key and decodes
// its JSON answer, failing the test on any status but 200.
func (s *Server) reporting(method, path string, body any, out any) {
	s.t.Helper()
	payload := ""
	if body != nil {
		b, err := jsonString(body)
		if err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
		payload = b
	}
	resp := s.Do(method, path, payload, s.DCToken())
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, s.ReadBody(resp))
	}
	s.ReadJSON(resp, out)
}
