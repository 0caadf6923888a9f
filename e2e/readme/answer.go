package readme

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Answer is what the README says a command gives.
type Answer struct {
	Status int // 0: not said
	body   *regexp.Regexp
	names  []string // the captures, in order
}

var (
	statusPrefix = regexp.MustCompile(`^([1-5][0-9]{2})(?:\s+|$)`)
	token        = regexp.MustCompile(`\.\.\.|<[A-Za-z][A-Za-z0-9]*>`)
)

// ParseAnswer reads "[STATUS] BODY": "..." is anything, <name> a value to
// capture (anything up to the text that follows it, without a quote).
func ParseAnswer(s string) (Answer, error) {
	var a Answer
	if m := statusPrefix.FindStringSubmatch(s); m != nil {
		a.Status, _ = strconv.Atoi(m[1])
		s = s[len(m[0]):]
	}
	var re strings.Builder
	re.WriteString(`(?s)^\s*`)
	last := 0
	for _, loc := range token.FindAllStringIndex(s, -1) {
		re.WriteString(regexp.QuoteMeta(s[last:loc[0]]))
		if tok := s[loc[0]:loc[1]]; tok == "..." {
			re.WriteString(`.*?`)
		} else {
			a.names = append(a.names, tok[1:len(tok)-1])
			re.WriteString(`([^"\s]+?)`)
		}
		last = loc[1]
	}
	re.WriteString(regexp.QuoteMeta(s[last:]))
	re.WriteString(`\s*$`)
	var err error
	if a.body, err = regexp.Compile(re.String()); err != nil {
		return a, fmt.Errorf("answer %q: %w", s, err)
	}
	return a, nil
}

// Match reports whether body is the answer, and the values captured.
func (a Answer) Match(body string) (map[string]string, bool) {
	m := a.body.FindStringSubmatch(body)
	if m == nil {
		return nil, false
	}
	got := map[string]string{}
	for i, name := range a.names {
		got[name] = m[i+1]
	}
	return got, true
}

var placeholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9]*)>`)

// FillKnown replaces the <name>s of an answer already captured, so an
// answer that names a value again must show that same value.
func FillKnown(answer string, vars map[string]string) string {
	return placeholder.ReplaceAllStringFunc(answer, func(p string) string {
		if v, ok := vars[p[1:len(p)-1]]; ok {
			return v
		}
		return p
	})
}

// Fill replaces each <name> in a command with its captured value; it
// names the first placeholder nothing captured.
func Fill(cmd string, vars map[string]string) (string, error) {
	var missing string
	out := placeholder.ReplaceAllStringFunc(cmd, func(p string) string {
		name := p[1 : len(p)-1]
		v, ok := vars[name]
		if !ok && missing == "" {
			missing = name
		}
		return v
	})
	if missing != "" {
		return "", fmt.Errorf("<%s> is used before an answer captured it", missing)
	}
	return out, nil
}
