package drift

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"time"
)

func timer(d time.Duration) <-chan time.Time { return time.After(d) }

// onJSON edits every JSON object answer (each element of a list) of the
// requests match accepts.
func onJSON(match func(*request) bool, edit func(map[string]any)) func(*Sim, *request, *response) {
	return func(_ *Sim, q *request, p *response) {
		if !match(q) || p.Status != 200 {
			return
		}
		switch v := p.json().(type) {
		case map[string]any:
			edit(v)
			p.setJSON(v)
		case []any:
			for _, e := range v {
				if m, ok := e.(map[string]any); ok {
					edit(m)
				}
			}
			p.setJSON(v)
		}
	}
}

// onAPRRecords edits every record of an APR page.
func onAPRRecords(edit func(map[string]any)) func(*Sim, *request, *response) {
	return onJSON(isAPR, func(page map[string]any) {
		data, _ := page["data"].([]any)
		for _, e := range data {
			if m, ok := e.(map[string]any); ok {
				edit(m)
			}
		}
	})
}

// onCSV edits a successful AVR CSV download.
func onCSV(edit func([][]string) [][]string) func(*Sim, *request, *response) {
	return func(_ *Sim, q *request, p *response) {
		if !isCSV(q) || p.Status != 200 {
			return
		}
		rows, err := csv.NewReader(bytes.NewReader(p.Body)).ReadAll()
		if err != nil || len(rows) == 0 {
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.WriteAll(edit(rows))
		p.Body = b.Bytes()
	}
}

func dropColumn(rows [][]string, name string) [][]string {
	i := slices.Index(rows[0], name)
	if i < 0 {
		return rows
	}
	for r := range rows {
		rows[r] = slices.Delete(rows[r], i, i+1)
	}
	return rows
}

func swapColumns(rows [][]string, a, b string) [][]string {
	i, j := slices.Index(rows[0], a), slices.Index(rows[0], b)
	if i < 0 || j < 0 {
		return rows
	}
	for _, row := range rows {
		row[i], row[j] = row[j], row[i]
	}
	return rows
}

// backdate moves the first row's creation to long before any window; a
// report without rows gets one such row.
func backdate(rows [][]string) [][]string {
	i := slices.Index(rows[0], "createdAt")
	if i < 0 {
		return rows
	}
	if len(rows) == 1 {
		return rows
	}
	rows[1][i] = "2001-01-01T00:00:00Z"
	return rows
}

// leakSummary answers another patient's summary read with the owner's:
// the tier no longer checks who asks.
func leakSummary(s *Sim, q *request, p *response) {
	if q.Method != "GET" || !strings.HasSuffix(q.Path, "/summary") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case p.Status == 200:
		s.summary[q.Path] = p.Body
	case p.Status == 403 || p.Status == 404:
		if body, ok := s.summary[q.Path]; ok {
			p.Status, p.Body = 200, body
			p.Header.Set("Content-Type", "application/json")
		}
	}
}

// widenAPR asks the mock for every record of a filtered search (the
// drift re-filters and pages them itself), keeping the caller's paging.
func widenAPR(q *request) {
	if !isAPR(q) || q.JSON == nil || !filtered(q.JSON) {
		return
	}
	q.paging = map[string]any{"limit": q.JSON["limit"], "offset": q.JSON["offset"]}
	q.JSON["limit"], q.JSON["offset"] = 1000, 0
}

var aprFilters = []string{"action", "visitId", "providerId", "providerEmailAddress", "providerName", "providerFirstName",
	"providerLastName", "providerCredentials", "actorId", "actorEmail", "actorFirstName", "actorLastName"}

func filtered(body map[string]any) bool {
	return slices.ContainsFunc(aprFilters, func(f string) bool { return body[f] != nil })
}

// refilterAPR keeps only the records whose fields equal the filters in
// their own case (credentials: contain them, in case), then pages.
func refilterAPR(caseSensitive bool) func(*Sim, *request, *response) {
	return func(_ *Sim, q *request, p *response) {
		if !isAPR(q) || q.JSON == nil || !filtered(q.JSON) || p.Status != 200 {
			return
		}
		page, _ := p.json().(map[string]any)
		data, _ := page["data"].([]any)
		kept := []any{}
		for _, e := range data {
			if m, ok := e.(map[string]any); ok && matches(m, q.JSON, caseSensitive) {
				kept = append(kept, e)
			}
		}
		limit, offset := intOr(q.paging["limit"], 50), intOr(q.paging["offset"], 0)
		lo, hi := min(offset, len(kept)), min(offset+limit, len(kept))
		p.setJSON(map[string]any{"count": len(kept), "data": kept[lo:hi]})
	}
}

func matches(rec, filters map[string]any, caseSensitive bool) bool {
	for _, f := range aprFilters {
		want, ok := filters[f].(string)
		if !ok {
			continue
		}
		have := str(rec[f])
		if !caseSensitive {
			have, want = strings.ToLower(have), strings.ToLower(want)
		}
		if f == "providerCredentials" && !strings.Contains(have, want) || f != "providerCredentials" && have != want {
			return false
		}
	}
	return true
}

func intOr(v any, def int) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return def
}

// repeatedSearch is a Care Options slots search sent as a searchContext alone.
func repeatedSearch(q *request) bool {
	_, ok := q.JSON["searchContext"]
	return q.Method == "POST" && q.Path == slotsPath && ok && len(q.JSON) == 1
}

// redirect sends a request for one path to another: an event the tier
// answers as if it had done it, while doing something else (here, the
// opposite event: releasing a free slot, or taking a taken one, changes
// nothing).
func redirect(from, to string) func(*request) {
	return func(q *request) {
		if q.Path == from {
			q.Path = to
		}
	}
}

// refuseUnknownSessions remembers the TokBox sessions created visits are
// given, and refuses an event for any other session with a 400.
func refuseUnknownSessions(s *Sim, q *request, p *response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case q.Method == "POST" && q.Path == "/api/9/visits" && p.Status == 200:
		v, _ := p.json().(map[string]any)
		tok, _ := v["tokBoxVisit"].(map[string]any)
		for _, sess := range tok {
			if m, ok := sess.(map[string]any); ok {
				s.sessions[str(m["sessionId"])] = true
			}
		}
	case q.Path == tokboxPath && !s.sessions[str(q.JSON["sessionId"])]:
		p.Status, p.Body = 400, []byte(`{"error":"Unknown session"}`)
		p.Header.Set("Content-Type", "application/json")
	}
}
