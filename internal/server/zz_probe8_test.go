//go:build probe

package server_test

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"
)

func TestProbeCSV(t *testing.T) {
	m, br := newProbeServer(t)
	for _, reason := range []string{"a\"b,c\nd\re", "\u0000nul", "=HYPERLINK(\"x\")", strings.Repeat("é", 500)} {
		createVisit(t, m, joeVisit(t, func(b, d map[string]any) { d["visitReason"] = reason }), m.Bearer(joeGUID))
	}
	m.Clock.Advance(time.Hour)
	rep := show(t, m, br, "avr", "POST", avrPath, `{"type":"virtual"}`, m.DCToken())
	m.Clock.Advance(time.Minute)
	resp := m.Do("GET", avrPath+"/"+rep[7:43]+"/data", "", m.DCToken())
	b, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	t.Logf("%d rows=%d err=%v breaches=%v", resp.StatusCode, len(rows), err, *br)
	for _, r := range rows {
		for i, c := range r {
			if strings.Contains(c, "nul") || strings.Contains(c, "HYPER") || strings.Contains(c, "a\"b") || strings.Contains(c, "\uFFFD") {
				t.Logf("col %s = %q", rows[0][i], c)
			}
		}
	}
}
