package journal

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mockdex/mockdex/internal/redact"
)

// redactQuery turns a raw query into the JSON object an entry shows:
// keys sorted, one value as a string, a repeated key's values as a list,
// masked keys masked; what url.ParseQuery would refuse is left out. It
// is redact.Journal.Values written straight to JSON, without the maps.
// lossless says the object shows every pair of raw unmasked (nothing was
// masked or left out), so raw holds nothing the entry does not.
func redactQuery(raw []byte) (out json.RawMessage, lossless bool) {
	if len(raw) == 0 {
		return nil, false
	}
	lossless = true
	pairs := make([][2]string, 0, 8)
	for part := range strings.SplitSeq(string(raw), "&") {
		if part == "" || strings.Contains(part, ";") {
			lossless = lossless && part == ""
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			lossless = false
			continue
		}
		lossless = lossless && !redact.Journal.Masks(k)
		pairs = append(pairs, [2]string{k, v})
	}
	if len(pairs) == 0 {
		return nil, false
	}
	slices.SortStableFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	out = make([]byte, 0, len(raw)+16)
	out = append(out, '{')
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j][0] == pairs[i][0] {
			j++
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = appendValues(appendString(out, pairs[i][0]), pairs[i:j])
		i = j
	}
	return append(out, '}'), lossless
}

// appendValues writes ':' and the value of one key.
func appendValues(out []byte, same [][2]string) []byte {
	out = append(out, ':')
	switch {
	case redact.Journal.Masks(same[0][0]):
		return appendString(out, redact.Mask)
	case len(same) == 1:
		return appendString(out, same[0][1])
	}
	out = append(out, '[')
	for i, p := range same {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, p[1])
	}
	return append(out, ']')
}

// appendString writes s as a JSON string; bytes that are not UTF-8
// become U+FFFD, as encoding/json writes them.
func appendString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c < 0x20:
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			out = append(out, c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				out = append(out, `\ufffd`...)
			} else {
				out = append(out, s[i:i+n]...)
			}
			i += n
			continue
		}
		i++
	}
	return append(out, '"')
}
