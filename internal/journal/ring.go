package journal

// ring keeps the newest entries within a count and a byte budget. It is
// not safe for concurrent use; the Journal's lock guards it.
type ring struct {
	entries  []Entry // oldest first from start; grows up to maxCount
	start    int     // index of the oldest kept entry
	bytes    int64   // sum of size() of kept entries
	maxCount int
	maxBytes int64
}

func (r *ring) len() int { return len(r.entries) - r.start }

// add keeps e, dropping the oldest entries until both bounds hold.
func (r *ring) add(e Entry) {
	sz := e.size()
	for r.len() > 0 && (r.len() >= r.maxCount || r.bytes+sz > r.maxBytes) {
		r.dropOldest()
	}
	r.entries = append(r.entries, e)
	r.bytes += sz
}

func (r *ring) dropOldest() {
	r.bytes -= r.entries[r.start].size()
	r.entries[r.start] = Entry{} // let its bodies go
	r.start++
	// Slide the kept entries down once half the slice is spent, so the
	// backing array stays within twice the kept count.
	if r.start > len(r.entries)/2 {
		n := copy(r.entries, r.entries[r.start:])
		clear(r.entries[n:])
		r.entries, r.start = r.entries[:n], 0
	}
}

// newest calls fn with kept entries, newest first, until it returns false.
func (r *ring) newest(fn func(e *Entry) bool) {
	for i := len(r.entries) - 1; i >= r.start; i-- {
		if !fn(&r.entries[i]) {
			return
		}
	}
}

func (r *ring) clear() {
	clear(r.entries)
	r.entries, r.start, r.bytes = r.entries[:0], 0, 0
}
