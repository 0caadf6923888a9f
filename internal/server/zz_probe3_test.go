//go:build probe

package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProbeHuge(t *testing.T) {
	m, _ := newProbeServer(t)
	huge := `{"x":"` + strings.Repeat("a", 6<<20) + `"}`
	req, _ := http.NewRequest("POST", m.URL+"/api/8/reporting/allvisitsreport", strings.NewReader(huge))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "dc-token SECRET_TOKEN")
	resp, err := m.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	t.Logf("%d %s", resp.StatusCode, b)
}

func TestProbeHugeDirect(t *testing.T) {
	m, _ := newProbeServer(t)
	huge := `{"x":"` + strings.Repeat("a", 6<<20) + `"}`
	req := httptest.NewRequest("POST", "/api/8/reporting/allvisitsreport", strings.NewReader(huge))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "dc-token SECRET_TOKEN")
	rec := httptest.NewRecorder()
	m.Mock.ServeHTTP(rec, req)
	t.Logf("%d %s", rec.Code, rec.Body.String())
}
