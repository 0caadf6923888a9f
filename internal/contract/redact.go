package contract

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/redact"
)

// Redacted replaces a sensitive value in every output.
const Redacted = redact.Mask

// isSensitiveKey reports whether a report hides a JSON field's value; the
// list is internal/redact's, shared with the mock's journal.
func isSensitiveKey(k string) bool { return redact.Report.Masks(k) }

// redactJSON returns body with every sensitive field's value replaced;
// a body that is not JSON comes back empty rather than unredacted.
func redactJSON(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	out, _ := json.Marshal(redact.Report.Value(v))
	return out
}

// Scrubber remembers every sensitive value met during a run (credentials,
// tokens, patient fields) and removes them from rendered reports: the last
// line of defence behind field-level redaction.
type Scrubber struct {
	mu     sync.Mutex // guards values
	values map[string]bool
}

// NewScrubber starts with the given secrets.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{values: map[string]bool{}}
	for _, v := range secrets {
		s.Add(v)
	}
	return s
}

// Add remembers one value; very short ones are ignored (they would
// mangle ordinary words).
func (s *Scrubber) Add(v string) {
	if len(v) < 4 {
		return
	}
	s.mu.Lock()
	s.values[v] = true
	s.mu.Unlock()
}

// LearnHeaders remembers the credentials a request carried.
func (s *Scrubber) LearnHeaders(h http.Header) {
	for _, name := range []string{"Authorization", "X-Api-Key"} {
		for _, v := range h.Values(name) {
			s.Add(v)
			if _, tok, ok := strings.Cut(v, " "); ok {
				s.Add(tok)
			}
		}
	}
}

// LearnJSON remembers every string under a sensitive field of body.
func (s *Scrubber) LearnJSON(body []byte) {
	var v any
	if json.Unmarshal(body, &v) == nil {
		s.learn(v, false)
	}
}

func (s *Scrubber) learn(v any, sensitive bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			s.learn(e, sensitive || isSensitiveKey(k))
		}
	case []any:
		for _, e := range t {
			s.learn(e, sensitive)
		}
	case string:
		if sensitive {
			s.Add(t)
		}
	}
}

// Scrub replaces every remembered value in text, in every escaped form a
// report gives it, longest first so a value that contains another is
// removed whole.
func (s *Scrubber) Scrub(text string) string {
	s.mu.Lock()
	seen := map[string]bool{}
	for v := range s.values {
		for _, f := range escapedForms(v) {
			seen[f] = true
		}
	}
	s.mu.Unlock()
	vals := make([]string, 0, len(seen))
	for v := range seen {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	for _, v := range vals {
		text = strings.ReplaceAll(text, v, Redacted)
	}
	return text
}

// escapedForms is v as it appears once a report has quoted it for the
// shell (curl lines) or Markdown, and then escaped it for JSON or XML: an
// apostrophe in a name becomes &#39; in JUnit and a quote-escape-quote
// sequence in a curl line, and scrubbing the raw value alone would miss both.
func escapedForms(v string) []string {
	var out []string
	for _, q := range []string{v, strings.ReplaceAll(v, "'", `'\''`), strings.ReplaceAll(v, "|", `\|`)} {
		j, _ := json.Marshal(q)
		var x strings.Builder
		_ = xml.EscapeText(&x, []byte(q))
		out = append(out, q, string(j[1:len(j)-1]), x.String())
	}
	return out
}
