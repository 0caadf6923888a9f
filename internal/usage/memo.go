package usage

import (
	"bytes"
	"hash/maphash"
	"sync"

	"github.com/mockdex/mockdex/internal/journal"
)

// An app sends the same request, and reads answers of the same shape,
// over and over: a load test or an integration suite polling wait
// times. Folding each into the profile from scratch (decoding the query,
// the body and the answer into maps, walking them against the schema)
// cost a busy mock about a sixth of its CPU. What one request adds to a
// profile depends only on what the memo keys below hold, so the second
// identical request reuses the first one's result.

// maxMemo bounds the entries of each memo; it starts over when full.
const maxMemo = 256

// memo remembers values of type V by a 64-bit digest.
type memo[V any] struct {
	seed maphash.Seed // set once, by newMemo
	mu   sync.Mutex   // guards m
	m    map[uint64]V
}

func newMemo[V any]() memo[V] {
	return memo[V]{seed: maphash.MakeSeed(), m: map[uint64]V{}}
}

func (m *memo[V]) get(key uint64) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[key]
	return v, ok
}

func (m *memo[V]) put(key uint64, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= maxMemo {
		clear(m.m)
	}
	m.m[key] = v
}

// hash starts a digest under the memo's seed.
func (m *memo[V]) hash() *maphash.Hash {
	var h maphash.Hash
	h.SetSeed(m.seed)
	return &h
}

// lastAnswer is the answer folded last and its paths. A busy mock
// sends the same bytes many times running (a wait-time answer changes
// only with the millisecond it shows, and the journal shares one copy
// between entries that repeat), and comparing bytes costs a fraction of
// finding their shape.
type lastAnswer struct {
	mu     sync.Mutex // guards the fields below
	op     *opInfo
	status int
	body   []byte // a copy: the caller's bytes may be reused
	paths  []string
}

func (l *lastAnswer) get(op *opInfo, status int, body []byte) ([]string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.op != op || l.status != status || !bytes.Equal(l.body, body) {
		return nil, false
	}
	return l.paths, true
}

func (l *lastAnswer) put(op *opInfo, status int, body []byte, paths []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(body) > maxLastAnswer {
		l.op, l.status, l.body, l.paths = nil, 0, nil, nil
		return
	}
	l.op, l.status, l.paths = op, status, paths
	l.body = append(l.body[:0], body...)
}

// maxLastAnswer is the largest answer lastAnswer copies: a store keeps a
// builder per namespace, and each holds its copy for good.
const maxLastAnswer = 4 << 10

// requestKey digests everything observe reads of a request: the
// operation, the status, the path (its parameters), the query, the
// declared headers' values and the body. A separator byte after each
// part keeps ("ab","c") and ("a","bc") apart.
func requestKey(h *maphash.Hash, op *opInfo, e *journal.Entry) uint64 {
	part := func(s string) { h.WriteString(s); h.WriteByte(0) }
	part(op.id)
	var status [8]byte
	for i := range status {
		status[i] = byte(e.Status >> (8 * i))
	}
	h.Write(status[:])
	if len(op.params[InPath]) > 0 {
		part(e.Method)
		part(e.Path)
	}
	h.Write(e.Query) // as bytes: a string of it would be a copy
	h.WriteByte(0)
	for _, name := range op.headers { // sorted: the digest must not take map order
		v, ok := e.Headers[name]
		if ok {
			h.WriteByte(1)
		} else {
			h.WriteByte(2)
		}
		part(v)
	}
	h.Write(e.RequestBody)
	return h.Sum64()
}

// shapeKey digests what answerPaths reads of an answer: its object keys
// and how objects, arrays and scalars nest, not the scalars' values (a
// wait time's timestamp changes on every answer, its paths do not).
//
// It trusts body to be JSON, as every entry's is: the journal keeps a
// body only as redact re-encodes it, and an entry read from a file was
// checked by the JSON decoder. Validating it again here cost more than
// the fold it saves. ok is false where the brackets do not balance, and
// the caller decodes instead.
func shapeKey(h *maphash.Hash, op *opInfo, status int, body []byte) (uint64, bool) {
	h.WriteString(op.id)
	h.WriteByte(0)
	h.WriteByte(byte(status))
	h.WriteByte(byte(status >> 8))
	depth := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '{', '[':
			depth++
			h.WriteByte(c)
		case '}', ']':
			if depth--; depth < 0 {
				return 0, false
			}
			h.WriteByte(c)
		case ',':
			h.WriteByte(c)
		case '"':
			end := stringEnd(body, i)
			if isKey(body, end) {
				h.Write(body[i:end])
			} else {
				h.WriteByte('s') // a string value: its kind, not its text
			}
			i = end - 1
		}
		// Numbers, literals, colons and white space say nothing of the
		// paths: a scalar is marked by the comma or bracket around it.
	}
	return h.Sum64(), depth == 0
}

// stringEnd is the index just past the string starting at body[i] (a
// quote), or len(body) when it does not end. It jumps from quote to
// quote (bytes.IndexByte is vectorised): most of an answer's bytes are
// inside strings.
func stringEnd(body []byte, i int) int {
	for j := i + 1; j < len(body); {
		k := bytes.IndexByte(body[j:], '"')
		if k < 0 {
			return len(body)
		}
		j += k
		escapes := 0
		for b := j - 1; b > i && body[b] == '\\'; b-- {
			escapes++
		}
		if escapes%2 == 0 {
			return j + 1
		}
		j++
	}
	return len(body)
}

// isKey says whether the string ending before body[end] is an object's
// key: the next byte past white space is a colon.
func isKey(body []byte, end int) bool {
	for ; end < len(body); end++ {
		switch body[end] {
		case ' ', '\t', '\n', '\r':
		case ':':
			return true
		default:
			return false
		}
	}
	return false
}
