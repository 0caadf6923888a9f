package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// testdata/docs_examples.json holds every curl and JSON example of
// DexCare's developer docs as facts: what each sends (method, path,
// query, credentials, body values) and what the mock answers, which is
// what the docs show or, where they contradict the published files, the
// published behaviour of the docs/known-differences.md row it names. The
// docs themselves are not in this repository; when they are beside it
// (../shared), TestDocsExamplesAreTheDocs checks the facts were read from
// them and that every curl is covered.

type docsExamples struct {
	Examples []docsExample `json:"examples"`
}

type docsExample struct {
	ID     string `json:"id"`
	Source string `json:"source"` // the docs file
	// Kind: curl, json (a request or answer body), url, template (a body
	// or URL with placeholders) or fragment (part of a body).
	Kind string `json:"kind"`
	// Docs are snippets of the example (paths, values) that the docs file
	// holds, compared with all white space removed.
	Docs []string `json:"docs"`
	// Differs names the docs/known-differences.md rows the answer follows
	// where it is not what the docs show.
	Differs []string   `json:"differs,omitempty"`
	Clock   string     `json:"clock,omitempty"` // RFC 3339; default mockdextest.Epoch
	History int        `json:"history,omitempty"`
	Steps   []docsStep `json:"steps"`
}

type docsStep struct {
	Advance  string            `json:"advance,omitempty"` // a duration the clock moves first
	Method   string            `json:"method"`
	Path     string            `json:"path"`
	Query    map[string]string `json:"query,omitempty"`
	Auth     string            `json:"auth,omitempty"` // dc-token, dc-token:KEY, x-api-key, bearer:SUBJECT
	Headers  map[string]string `json:"headers,omitempty"`
	Body     json.RawMessage   `json:"body,omitempty"`
	BodyText string            `json:"bodyText,omitempty"` // a body that is not valid JSON, as the docs print it
	Status   int               `json:"status"`
	JSON     json.RawMessage   `json:"json,omitempty"` // expected answer, matched as a subset (see matchJSON)
	Has      []string          `json:"has,omitempty"`  // substrings of the answer
	Absent   []string          `json:"absent,omitempty"`
	Capture  map[string]string `json:"capture,omitempty"` // name → dotted path in the JSON answer
}

func loadDocsExamples(t *testing.T) []docsExample {
	t.Helper()
	data, err := os.ReadFile("testdata/docs_examples.json")
	require.NoError(t, err)
	var all docsExamples
	require.NoError(t, json.Unmarshal(data, &all))
	return all.Examples
}

func TestDocsExamples(t *testing.T) {
	diffs, err := os.ReadFile("../../docs/known-differences.md")
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, ex := range loadDocsExamples(t) {
		t.Run(ex.ID, func(t *testing.T) {
			require.False(t, seen[ex.ID], "example ids are unique")
			seen[ex.ID] = true
			for _, row := range ex.Differs {
				assert.True(t, strings.Contains(string(diffs), row), "docs/known-differences.md has no row %q", row)
			}
			runDocsExample(t, ex)
		})
	}
}

func runDocsExample(t *testing.T, ex docsExample) {
	opts := []mockdextest.Option{}
	if ex.Clock != "" {
		start, err := time.Parse(time.RFC3339, ex.Clock)
		require.NoError(t, err)
		opts = append(opts, mockdextest.WithStart(start))
	}
	if ex.History > 0 {
		opts = append(opts, mockdextest.WithHistoryDays(ex.History))
	}
	m := mockdextest.NewServer(t, opts...)
	vars := map[string]string{}
	for i, st := range ex.Steps {
		if st.Advance != "" {
			d, err := time.ParseDuration(st.Advance)
			require.NoError(t, err)
			m.Clock.Advance(d)
		}
		resp := m.Do(st.Method, st.url(vars), st.body(vars), st.headers(m, vars)...)
		body := m.ReadBody(resp)
		require.Equal(t, st.Status, resp.StatusCode, "step %d: %s", i, body)
		for _, s := range st.Has {
			assert.Contains(t, body, expand(s, vars), "step %d", i)
		}
		for _, s := range st.Absent {
			assert.NotContains(t, body, expand(s, vars), "step %d", i)
		}
		if len(st.JSON) == 0 && st.Capture == nil {
			continue
		}
		var got any
		require.NoError(t, json.Unmarshal([]byte(body), &got), "step %d answers JSON", i)
		if len(st.JSON) > 0 {
			var want any
			require.NoError(t, json.Unmarshal([]byte(expand(string(st.JSON), vars)), &want))
			for _, problem := range matchJSON("", want, got) {
				t.Errorf("step %d: %s", i, problem)
			}
		}
		for name, path := range st.Capture {
			v, ok := dig(got, path)
			require.True(t, ok, "step %d: capture %s at %s", i, name, path)
			vars[name] = fmt.Sprint(v)
		}
	}
}

var placeholder = regexp.MustCompile(`\{([A-Za-z]+)\}`)

// expand fills {name} with a captured value; other braces stay.
func expand(s string, vars map[string]string) string {
	return placeholder.ReplaceAllStringFunc(s, func(p string) string {
		if v, ok := vars[p[1:len(p)-1]]; ok {
			return v
		}
		return p
	})
}

func (st docsStep) url(vars map[string]string) string {
	u := expand(st.Path, vars)
	if len(st.Query) > 0 {
		q := url.Values{}
		for k, v := range st.Query {
			q.Set(k, expand(v, vars))
		}
		u += "?" + q.Encode()
	}
	return u
}

func (st docsStep) body(vars map[string]string) string {
	if st.BodyText != "" {
		return st.BodyText
	}
	if len(st.Body) == 0 {
		return ""
	}
	return expand(string(st.Body), vars)
}

func (st docsStep) headers(m *mockdextest.Server, vars map[string]string) []string {
	var out []string
	switch kind, arg, _ := strings.Cut(st.Auth, ":"); kind {
	case "dc-token":
		if arg == "" {
			arg = m.ServiceKey()
		}
		out = append(out, "Authorization: dc-token "+arg)
	case "x-api-key":
		out = append(out, m.XAPIKey())
	case "bearer":
		out = append(out, m.Bearer(expand(arg, vars)))
	}
	for k, v := range st.Headers {
		out = append(out, k+": "+expand(v, vars))
	}
	return out
}

// matchJSON lists how got falls short of want. Objects match when every
// key of want matches (absent keys of got are not checked); arrays when
// every element of want matches some element of got; "<uuid>",
// "<string>", "<number>", "<int>", "<bool>" and "<date-time>" match any
// value of that kind; anything else must be equal.
func matchJSON(at string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{at + ": want an object"}
		}
		var out []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, at+"."+k+": missing")
				continue
			}
			out = append(out, matchJSON(at+"."+k, wv, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{at + ": want an array"}
		}
		var out []string
		for i, wv := range w {
			if !anyMatches(wv, g) {
				out = append(out, fmt.Sprintf("%s[%d]: no element matches %v", at, i, wv))
			}
		}
		return out
	case string:
		if ok, known := matchKind(w, got); known {
			if !ok {
				return []string{fmt.Sprintf("%s: %v is not %s", at, got, w)}
			}
			return nil
		}
	}
	if fmt.Sprint(want) != fmt.Sprint(got) {
		return []string{fmt.Sprintf("%s: got %v, want %v", at, got, want)}
	}
	return nil
}

func anyMatches(want any, got []any) bool {
	for _, g := range got {
		if len(matchJSON("", want, g)) == 0 {
			return true
		}
	}
	return false
}

// matchKind checks a "<kind>" pattern; known is false for a plain value.
func matchKind(pattern string, got any) (ok, known bool) {
	s, isString := got.(string)
	n, isNumber := got.(float64)
	switch pattern {
	case "<uuid>":
		return isString && uuid.Validate(s) == nil, true
	case "<string>":
		return isString, true
	case "<number>":
		return isNumber, true
	case "<int>":
		return isNumber && n == float64(int64(n)), true
	case "<bool>":
		_, ok := got.(bool)
		return ok, true
	case "<date-time>":
		_, err := time.Parse(time.RFC3339, s)
		return isString && err == nil, true
	}
	return false, false
}

// dig reads a dotted path ("slots.0.slotDateTime") in a JSON value.
func dig(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			v = t[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
		if v == nil {
			return nil, false
		}
	}
	return v, true
}

// docsDir is where DexCare's docs sit beside this repository.
const docsDir = "../../../shared/docs/dexcare"

// TestDocsExamplesAreTheDocs checks the facts against DexCare's docs when
// they are beside the repository: every snippet an example cites is in its
// file, and every curl call of a file is an example.
func TestDocsExamplesAreTheDocs(t *testing.T) {
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Skipf("DexCare's docs are not beside this repository (%s): %v", docsDir, err)
	}
	texts := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(docsDir, e.Name()))
		require.NoError(t, err)
		texts[e.Name()] = string(data)
	}
	curls := map[string]int{}
	for _, ex := range loadDocsExamples(t) {
		text, ok := texts[ex.Source]
		if !assert.True(t, ok, "%s: no docs file %s", ex.ID, ex.Source) {
			continue
		}
		require.NotEmpty(t, ex.Docs, "%s cites the docs", ex.ID)
		for _, snip := range ex.Docs {
			assert.Contains(t, squeeze(text), squeeze(snip), "%s: the docs hold %q", ex.ID, snip)
		}
		if ex.Kind == "curl" {
			curls[ex.Source]++
		}
	}
	for name, text := range texts {
		assert.Equal(t, strings.Count(text, "curl "), curls[name], "%s: every curl call is an example", name)
	}
}

// squeeze drops all white space, so line breaks and indentation in the
// docs do not matter.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestMatchJSON(t *testing.T) {
	var got any
	require.NoError(t, json.Unmarshal([]byte(`{"id":"3b690e39-4659-40f9-9909-58b27c0a4383","n":3,"list":[{"a":1},{"a":2,"b":"x"}]}`), &got))
	for want, problems := range map[string]int{
		`{"id":"<uuid>","n":"<int>"}`:      0,
		`{"list":[{"a":2},{"a":1}]}`:       0,
		`{"list":[{"a":3}]}`:               1,
		`{"id":"<date-time>","missing":1}`: 2,
		`{"n":4}`:                          1,
	} {
		var w any
		require.NoError(t, json.Unmarshal([]byte(want), &w))
		assert.Len(t, matchJSON("", w, got), problems, want)
	}
}
