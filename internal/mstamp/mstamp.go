// Package mstamp formats instants at millisecond resolution, remembering
// the last millisecond's text: a busy mock stamps the same millisecond
// dozens of times (every wait-times answer, every access line), and
// formatting a time cost more than the rest of writing either.
package mstamp

import (
	"sync/atomic"
	"time"
)

// Cache formats times in one format whose text depends only on the
// millisecond and the time's location (it shows nothing finer).
type Cache struct {
	format func(b []byte, t time.Time) []byte
	last   atomic.Pointer[entry]
}

type entry struct {
	ms   int64
	loc  *time.Location
	text string
}

// New is a Cache for format, which must show no more than milliseconds
// of the time it is given.
func New(format func(b []byte, t time.Time) []byte) *Cache {
	return &Cache{format: format}
}

// String is t as format writes it. Callers append it where they need
// it: it is a string, so no caller can change what the next one reads,
// and taking it costs no buffer of the caller's.
func (c *Cache) String(t time.Time) string {
	ms, loc := t.UnixMilli(), t.Location()
	if e := c.last.Load(); e != nil && e.ms == ms && e.loc == loc {
		return e.text
	}
	text := string(c.format(make([]byte, 0, 40), t))
	c.last.Store(&entry{ms: ms, loc: loc, text: text})
	return text
}
