package redact

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// ErrNotJSON is AppendJSON's answer for input that is not exactly one
// JSON value.
var ErrNotJSON = errors.New("not a single JSON value")

// maxDepth bounds nesting, so a hostile body cannot exhaust the stack.
const maxDepth = 512

// AppendJSON appends src, one JSON value, to dst without insignificant
// white space and with the value of every key p masks replaced by Mask
// (a null stays null; an object or list goes whole), as Value does. It
// walks the bytes once instead of decoding into Go values, so the journal
// pays well under a microsecond per kilobyte. Keys keep their order,
// numbers their digits. On error dst is returned as it came.
func (p Policy) AppendJSON(dst, src []byte) ([]byte, error) {
	w := walker{src: src, out: dst, emit: true, policy: p}
	if err := w.value(0); err != nil {
		return dst, err
	}
	w.space()
	if w.i != len(src) {
		return dst, ErrNotJSON
	}
	return w.out, nil
}

// walker is one pass over a JSON text; emit is off while it skips a
// masked value.
type walker struct {
	src    []byte
	i      int
	out    []byte
	emit   bool
	policy Policy
}

func (w *walker) put(b ...byte) {
	if w.emit {
		w.out = append(w.out, b...)
	}
}

func (w *walker) space() {
	for w.i < len(w.src) {
		switch w.src[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *walker) value(depth int) error {
	if depth > maxDepth {
		return ErrNotJSON
	}
	w.space()
	if w.i >= len(w.src) {
		return ErrNotJSON
	}
	switch c := w.src[w.i]; {
	case c == '{':
		return w.object(depth)
	case c == '[':
		return w.array(depth)
	case c == '"':
		start := w.i
		if err := w.str(); err != nil {
			return err
		}
		w.put(w.src[start:w.i]...)
		return nil
	case c == 't':
		return w.literal("true")
	case c == 'f':
		return w.literal("false")
	case c == 'n':
		return w.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return w.number()
	}
	return ErrNotJSON
}

func (w *walker) object(depth int) error {
	if done := w.open('{', '}'); done {
		return nil
	}
	for {
		w.space()
		start := w.i
		if w.i >= len(w.src) || w.src[w.i] != '"' {
			return ErrNotJSON
		}
		if err := w.str(); err != nil {
			return err
		}
		key := w.src[start:w.i]
		w.put(key...)
		w.space()
		if w.i >= len(w.src) || w.src[w.i] != ':' {
			return ErrNotJSON
		}
		w.i++
		w.put(':')
		if err := w.member(key, depth); err != nil {
			return err
		}
		if done, err := w.next('}'); done || err != nil {
			return err
		}
	}
}

// open moves past an object's or array's opening bracket, and past its
// closing one too when it is empty, reporting whether it was.
func (w *walker) open(opening, closing byte) bool {
	w.i++
	w.put(opening)
	w.space()
	if w.i < len(w.src) && w.src[w.i] == closing {
		w.i++
		w.put(closing)
		return true
	}
	return false
}

// next reads what follows a member or element: a comma (more to come)
// or the closing bracket (done).
func (w *walker) next(closing byte) (bool, error) {
	w.space()
	if w.i >= len(w.src) {
		return false, ErrNotJSON
	}
	switch w.src[w.i] {
	case ',':
		w.i++
		w.put(',')
		return false, nil
	case closing:
		w.i++
		w.put(closing)
		return true, nil
	}
	return false, ErrNotJSON
}

// member writes a key's value, or Mask in its place when the key is one
// p masks and the value is not null.
func (w *walker) member(quotedKey []byte, depth int) error {
	if !w.emit {
		return w.value(depth + 1)
	}
	w.space()
	text := w.i < len(w.src) && w.src[w.i] == '"'
	if !w.policy.masksQuoted(quotedKey, text) {
		return w.value(depth + 1)
	}
	if w.i < len(w.src) && w.src[w.i] == 'n' {
		return w.literal("null")
	}
	w.emit = false
	err := w.value(depth + 1)
	w.emit = true
	w.out = append(w.out, `"`+Mask+`"`...)
	return err
}

func (w *walker) array(depth int) error {
	if done := w.open('[', ']'); done {
		return nil
	}
	for {
		if err := w.value(depth + 1); err != nil {
			return err
		}
		if done, err := w.next(']'); done || err != nil {
			return err
		}
	}
}

// str moves past a string, checking its escapes and that it holds no raw
// control character; the caller copies the bytes.
func (w *walker) str() error {
	w.i++
	for w.i < len(w.src) {
		// Most bytes are plain: skip them in a tight loop.
		for w.i < len(w.src) && w.src[w.i] >= 0x20 && w.src[w.i] != '"' && w.src[w.i] != '\\' {
			w.i++
		}
		if w.i >= len(w.src) {
			break
		}
		switch c := w.src[w.i]; {
		case c == '"':
			w.i++
			return nil
		case c == '\\':
			if err := w.escape(); err != nil {
				return err
			}
		default:
			return ErrNotJSON // a raw control character
		}
	}
	return ErrNotJSON
}

func (w *walker) escape() error {
	w.i++
	if w.i >= len(w.src) {
		return ErrNotJSON
	}
	switch w.src[w.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		w.i++
		return nil
	case 'u':
		if w.i+4 >= len(w.src) {
			return ErrNotJSON
		}
		for _, h := range w.src[w.i+1 : w.i+5] {
			if !isHex(h) {
				return ErrNotJSON
			}
		}
		w.i += 5
		return nil
	}
	return ErrNotJSON
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (w *walker) literal(word string) error {
	if len(w.src)-w.i < len(word) || string(w.src[w.i:w.i+len(word)]) != word {
		return ErrNotJSON
	}
	w.i += len(word)
	if w.emit {
		w.out = append(w.out, word...)
	}
	return nil
}

// number checks JSON's number grammar: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
func (w *walker) number() error {
	start := w.i
	if w.src[w.i] == '-' {
		w.i++
	}
	switch {
	case w.i < len(w.src) && w.src[w.i] == '0':
		w.i++
	case w.digits() == 0:
		return ErrNotJSON
	}
	if w.i < len(w.src) && w.src[w.i] == '.' {
		w.i++
		if w.digits() == 0 {
			return ErrNotJSON
		}
	}
	if w.i < len(w.src) && (w.src[w.i] == 'e' || w.src[w.i] == 'E') {
		w.i++
		if w.i < len(w.src) && (w.src[w.i] == '+' || w.src[w.i] == '-') {
			w.i++
		}
		if w.digits() == 0 {
			return ErrNotJSON
		}
	}
	w.put(w.src[start:w.i]...)
	return nil
}

func (w *walker) digits() int {
	n := 0
	for w.i < len(w.src) && w.src[w.i] >= '0' && w.src[w.i] <= '9' {
		w.i++
		n++
	}
	return n
}

// masksQuoted is Masks for a key as it appears in JSON, quotes included,
// holding a text value or not (see OfValue). Plain ASCII keys are folded
// in a stack buffer, so the common case does not allocate; keys with
// escapes or other scripts take the slow path.
func (p Policy) masksQuoted(quoted []byte, text bool) bool {
	key := quoted[1 : len(quoted)-1]
	var buf [len(shapes) - 1]byte
	n := 0
	for _, c := range key {
		switch {
		case c == '\\' || c >= utf8.RuneSelf || n == len(buf):
			return p.masksEscaped(quoted, text)
		case c == '_' || c == '-':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if n == 0 || !shapes[n][buf[0]] {
		return false // Public, whatever the policy
	}
	if text {
		if c, ok := textFields[string(buf[:n])]; ok {
			return p.masksClass(c)
		}
	}
	return p.masksClass(fields[string(buf[:n])])
}

func (p Policy) masksEscaped(quoted []byte, text bool) bool {
	var key string
	if err := json.Unmarshal(quoted, &key); err != nil {
		return true // cannot happen for a checked string; mask rather than show
	}
	if text {
		return p.masksClass(OfValue(key, ""))
	}
	return p.Masks(key)
}
