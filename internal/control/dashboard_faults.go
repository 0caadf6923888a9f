package control

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mockdex/mockdex/internal/faults"
)

// faultRow is a fault as the dashboard lists it.
type faultRow struct {
	ID, Calls, Kind, Status, Delay, Times string
	Probability                           float64
	Fired                                 int
}

// faultRows lists faults for the dashboard: which calls each matches, as
// a user would say it, and what it does to them.
func faultRows(list []faults.Fault) []faultRow {
	rows := make([]faultRow, 0, len(list))
	for _, f := range list {
		r := faultRow{ID: f.ID, Calls: describeCalls(&f.Match), Kind: string(f.Kind), Delay: f.Delay.String(),
			Times: "until removed", Probability: f.Probability, Fired: f.Fired}
		if f.Status != 0 {
			r.Status = strconv.Itoa(f.Status)
		}
		if f.Times != nil {
			r.Times = strconv.Itoa(*f.Times)
		}
		rows = append(rows, r)
	}
	return rows
}

// describeCalls says which calls a match applies to, in one line.
func describeCalls(m *faults.Match) string {
	var parts []string
	for _, p := range []struct{ label, v string }{{"", m.OperationID}, {"host ", m.Host}, {"", strings.TrimSpace(m.Method + " " + m.Path)}, {"patient ", m.Patient}} {
		if p.v != "" {
			parts = append(parts, p.label+p.v)
		}
	}
	for _, set := range []struct {
		label string
		pairs map[string]string
	}{{"?", m.Query}, {"header ", m.RequestHeaders}} {
		for _, k := range slices.Sorted(maps.Keys(set.pairs)) {
			parts = append(parts, set.label+k+"="+set.pairs[k])
		}
	}
	for _, p := range slices.Sorted(maps.Keys(m.BodyFields)) {
		parts = append(parts, "body "+p+"="+string(m.BodyFields[p]))
	}
	return strings.Join(parts, ", ")
}

// faultFormJSON turns the dashboard's fault form into the JSON POST
// /_mockdex/faults takes, so both are checked by the same rules. Pairs
// are written one a line ("Name: value", "/pointer = JSON") or, for the
// query, as a query string.
func faultFormJSON(r *http.Request) ([]byte, error) {
	f := r.PostForm
	req := map[string]any{}
	for _, field := range []string{"operationId", "method", "path", "host", "patient", "kind"} {
		if s := strings.TrimSpace(f.Get(field)); s != "" {
			req[field] = s
		}
	}
	for _, field := range []string{"status", "times", "bytesPerSecond"} {
		if s := strings.TrimSpace(f.Get(field)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, refuseForm(http.StatusBadRequest, "'"+field+"' must be a whole number.")
			}
			req[field] = n
		}
	}
	if s := strings.TrimSpace(f.Get("probability")); s != "" {
		p, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, refuseForm(http.StatusBadRequest, "'probability' must be a number from 0 to 1.")
		}
		req["probability"] = p
	}
	if err := formPairs(f, req); err != nil {
		return nil, err
	}
	for _, field := range []string{"delay", "body"} {
		if err := formJSON(f, field, req); err != nil {
			return nil, err
		}
	}
	return json.Marshal(req)
}

// formPairs reads the form's query, requestHeaders, headers and
// bodyFields.
func formPairs(f url.Values, req map[string]any) error {
	if s := strings.TrimSpace(f.Get("query")); s != "" {
		q, err := url.ParseQuery(strings.TrimPrefix(s, "?"))
		if err != nil {
			return refuseForm(http.StatusBadRequest, "'query' must be a query string such as archived=true&practiceId=...")
		}
		pairs := map[string]string{}
		for k, v := range q {
			pairs[k] = v[0]
		}
		req["query"] = pairs
	}
	for _, field := range []string{"requestHeaders", "headers"} {
		if pairs := linePairs(f.Get(field), ":"); pairs != nil {
			req[field] = pairs
		}
	}
	if pairs := linePairs(f.Get("bodyFields"), "="); pairs != nil {
		raw := map[string]json.RawMessage{}
		for p, v := range pairs {
			if !json.Valid([]byte(v)) {
				v = strconv.Quote(v) // a bare word is a string
			}
			raw[p] = json.RawMessage(v)
		}
		req["bodyFields"] = raw
	}
	return nil
}

// linePairs reads "name SEP value" lines; nil when there are none.
func linePairs(s, sep string) map[string]string {
	var out map[string]string
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, sep)
		if !ok || strings.TrimSpace(k) == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

// formJSON reads a field that holds JSON (a body, a drawn delay) or, for
// the delay, a plain duration.
func formJSON(f url.Values, field string, req map[string]any) error {
	s := strings.TrimSpace(f.Get(field))
	switch {
	case s == "":
		return nil
	case field == "delay" && !strings.HasPrefix(s, "{"):
		req[field] = s
	case !json.Valid([]byte(s)):
		return refuseForm(http.StatusBadRequest, "'"+field+"' must be JSON.")
	default:
		req[field] = json.RawMessage(s)
	}
	return nil
}
