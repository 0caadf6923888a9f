package journal

import (
	"bytes"
	"encoding/json"
)

// memo remembers the last redaction whose output gave away everything
// its input held: a query with nothing masked or left out, a body with
// nothing masked. A mock serves the same answer to the same request many
// times a second; such a repeat is then stored by sharing the kept
// output instead of redacting and copying it again. It keeps nothing the
// journal does not already show (the input it compares against is the
// output itself, or a query whose every pair the output shows). Only the
// drainer uses it, under drainMu. Entries never change a kept slice (a
// reader gets copies), so sharing one between entries is safe; the byte
// bound counts it once per entry, which errs on the safe side.
type memo struct {
	kind string // the body's content type; "" for a query
	in   []byte // the input, or nil
	out  json.RawMessage
}

// hit is the remembered output when in is the remembered input.
func (m *memo) hit(kind string, in []byte) (json.RawMessage, bool) {
	if m.in == nil || kind != m.kind || !bytes.Equal(in, m.in) {
		return nil, false
	}
	return m.out, true
}

// keep remembers in and its output when the output gives in away
// (lossless), and forgets the last otherwise.
func (m *memo) keep(kind string, in []byte, out json.RawMessage, lossless bool) {
	*m = memo{}
	if lossless && len(out) > 0 {
		*m = memo{kind: kind, in: in, out: out}
	}
}

// memos are the drainer's, one per part of an entry.
type memos struct{ query, reqBody, respBody, observed memo }

// query redacts a raw query, from the memo when it repeats.
func (m *memos) redactQuery(raw []byte) json.RawMessage {
	if out, ok := m.query.hit("", raw); ok {
		return out
	}
	out, lossless := redactQuery(raw)
	// The raw query is copied: the capture's buffer is zeroed and reused.
	m.query.keep("", bytes.Clone(raw), out, lossless)
	return out
}

// memoBody redacts a captured body, from mm when it repeats. Only a
// body that redacted to itself (but for the whitespace after it: an
// encoder's newline) is remembered, and then by its output.
func (j *Journal) memoBody(mm *memo, contentType string, body []byte, size int64) (json.RawMessage, string) {
	return j.memoBodyLimit(mm, contentType, body, size, j.opts.BodyLimit)
}

// memoBodyLimit is memoBody for bodies up to limit bytes.
func (j *Journal) memoBodyLimit(mm *memo, contentType string, body []byte, size int64, limit int) (json.RawMessage, string) {
	trimmed := bytes.TrimRight(body, " \t\r\n")
	if len(body) <= limit {
		if out, ok := mm.hit(contentType, trimmed); ok {
			return out, ""
		}
	}
	out, note := redactBody(contentType, body, size, limit)
	mm.keep(contentType, out, out, note == "" && bytes.Equal(out, trimmed))
	return out, note
}
