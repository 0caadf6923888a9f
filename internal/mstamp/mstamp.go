// Package mstamp formats instants at millisecond resolution, remembering
// the last millisecond's text: a busy mock stamps the same millisecond
// dozens of times (every wait-times answer, every access line), and
// formatting a time cost more than the rest of writing either.
package mstamp

import (
	"sync/atomic"
	"time"
)

// Cache appends times in one format whose text depends only on the
// millisecond and the time's location (it shows nothing finer).
type Cache struct {
	format func(b []byte, t time.Time) []byte
	last   atomic.Pointer[entry]
}

type entry struct {
	ms   int64
	loc  *time.Location
	text []byte
}

// New is a Cache for format, which must show no more than milliseconds
// of the time it is given.
func New(format func(b []byte, t time.Time) []byte) *Cache {
	return &Cache{format: format}
}

// Append appends t as format does.
func (c *Cache) Append(b []byte, t time.Time) []byte {
	ms, loc := t.UnixMilli(), t.Location()
	if e := c.last.Load(); e != nil && e.ms == ms && e.loc == loc {
		return append(b, e.text...)
	}
	n := len(b)
	b = c.format(b, t)
	// The remembered text is a copy that no caller ever sees to change.
	c.last.Store(&entry{ms: ms, loc: loc, text: append([]byte(nil), b[n:]...)})
	return b
}
