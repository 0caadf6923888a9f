package contract

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mockdex/mockdex/internal/redact"
	"github.com/mockdex/mockdex/internal/scenarios"
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
// line of defence behind field-level redaction. It removes a value only
// where it stands whole (not inside a longer word: a gender "other" must
// not eat "another"), and never the scenarios' own synthetic values.
type Scrubber struct {
	mu     sync.Mutex // guards values and keep
	values map[string]bool
	keep   map[string]bool // synthetic values the scenarios send and the tier's identities, never scrubbed
}

// NewScrubber starts with the given secrets.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{values: map[string]bool{}, keep: scenarios.SyntheticValues()}
	for _, v := range secrets {
		s.Add(v)
	}
	return s
}

// Add remembers one value; very short ones are ignored (they would
// mangle ordinary words), and so are the scenarios' synthetic values.
func (s *Scrubber) Add(v string) {
	if len(v) < 4 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.keep[v] {
		s.values[v] = true
	}
}

// Keep marks values never to scrub: the tier's configuration identities
// (a postal code, an NPI), which reproduce lines must show as sent even
// where a patient field happens to hold one.
func (s *Scrubber) Keep(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		s.keep[v] = true
		delete(s.values, v)
	}
}

// LearnHeaders remembers the credentials a request carried, except the
// wrong ones the scenarios send on purpose (reports show those as sent).
func (s *Scrubber) LearnHeaders(h http.Header) {
	for _, name := range []string{"Authorization", "X-Api-Key"} {
		for _, v := range h.Values(name) {
			_, tok, ok := strings.Cut(v, " ")
			if deliberateWrong[v] || ok && deliberateWrong[tok] {
				continue
			}
			s.Add(v)
			if ok {
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
// removed whole; only whole occurrences (not inside a longer word).
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
	sort.Slice(vals, func(i, j int) bool {
		return len(vals[i]) > len(vals[j]) || len(vals[i]) == len(vals[j]) && vals[i] < vals[j]
	})
	for _, v := range vals {
		text = replaceWhole(text, v, Redacted)
	}
	return text
}

// replaceWhole replaces old where it is not part of a longer word: the
// characters either side (if any) are not letters or digits.
func replaceWhole(text, old, repl string) string {
	if old == "" || !strings.Contains(text, old) {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, old)
		if i < 0 {
			break
		}
		end := i + len(old)
		if wordChar(lastRune(text[:i]), old[0]) || wordChar(firstRune(text[end:]), old[len(old)-1]) {
			b.WriteString(text[:i+1])
			text = text[i+1:]
			continue
		}
		b.WriteString(text[:i])
		b.WriteString(repl)
		text = text[end:]
	}
	b.WriteString(text)
	return b.String()
}

// wordChar reports whether r would join the value's edge byte into one
// word: both are letters or digits.
func wordChar(r rune, edge byte) bool {
	if r == utf8.RuneError || r == 0 {
		return false
	}
	return isWord(r) && isWord(rune(edge))
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if s == "" {
		return 0
	}
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if s == "" {
		return 0
	}
	return r
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
