package journal

import (
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"
)

// queueLen is how many finished captures may wait for redaction; Finish
// waits when it is full, so raw request data never piles up.
const queueLen = 256

// batchLen is how many captures are redacted between takes of the lock,
// so readers and the flush do not contend per request.
const batchLen = 64

// flushDelay is how long a finished capture may wait before the flush
// redacts it. Waiting a moment lets one flush take every request that
// finished meanwhile, instead of waking a worker per request.
const flushDelay = time.Millisecond

// Journal is a bounded record of served requests. A nil *Journal is a
// journal that is turned off: it records nothing and lists nothing.
type Journal struct {
	opts      Options
	pool      sync.Pool // *Capture, their buffers zeroed
	queue     chan *Capture
	scheduled atomic.Bool   // a flush is scheduled or running
	queued    atomic.Uint64 // captures handed to enqueue so far
	drainMu   sync.Mutex    // one drainer at a time: a flush or a reader; guards memos and batch
	memos     memos
	// batch is the drainer's, reused: a busy mock drains a thousand
	// times a second, and a new batch each time was a tenth of all it
	// allocated. store empties it.
	batch    []Entry
	observer atomic.Pointer[func(*Entry)] // see Observe

	mu   sync.Mutex // guards ring, seq and done
	cond *sync.Cond // signalled on mu when done moves
	ring ring
	seq  uint64 // last sequence number handed out
	done uint64 // captures stored so far
}

// New returns a journal bounded by opts, or nil (off) when opts.Entries
// or opts.Bytes is negative.
func New(opts Options) *Journal {
	opts = opts.withDefaults()
	if opts.Entries < 0 || opts.Bytes < 0 {
		return nil
	}
	j := &Journal{opts: opts, queue: make(chan *Capture, queueLen),
		ring: ring{maxCount: opts.Entries, maxBytes: opts.Bytes}}
	j.cond = sync.NewCond(&j.mu)
	j.pool.New = func() any { return new(Capture) }
	return j
}

// Options are the bounds in effect, defaults filled in.
func (j *Journal) Options() Options {
	if j == nil {
		return Options{}
	}
	return j.opts
}

// enqueue hands c to the flush, scheduling one if none is. No goroutine
// waits between flushes, so an idle journal (a test server's) holds none.
func (j *Journal) enqueue(c *Capture) {
	j.queued.Add(1)
	j.queue <- c
	if j.scheduled.CompareAndSwap(false, true) {
		time.AfterFunc(flushDelay, j.flush)
	}
}

func (j *Journal) flush() {
	for {
		j.drain()
		j.scheduled.Store(false)
		// A capture queued after the drain but before the flag cleared
		// found the flag set and scheduled nothing: look again.
		if len(j.queue) == 0 || !j.scheduled.CompareAndSwap(false, true) {
			return
		}
	}
}

// drain redacts and stores every capture queued, in batches.
func (j *Journal) drain() {
	j.drainMu.Lock()
	defer j.drainMu.Unlock()
	if j.batch == nil {
		j.batch = make([]Entry, 0, batchLen)
	}
	batch := j.batch[:0]
	var observed []json.RawMessage // answers kept past BodyLimit for the observer, by batch index
	for {
	take:
		for len(batch) < batchLen {
			select {
			case c := <-j.queue:
				e, large := j.entryOf(c)
				if large != nil {
					if observed == nil {
						observed = make([]json.RawMessage, batchLen)
					}
					observed[len(batch)] = large
				}
				batch = append(batch, e)
				c.reset()
				j.pool.Put(c)
			default:
				break take
			}
		}
		if len(batch) == 0 {
			return
		}
		j.notify(batch, observed)
		j.store(batch)
		batch = batch[:0]
		clear(observed)
	}
}

func (j *Journal) store(batch []Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range batch {
		j.seq++
		batch[i].Seq = j.seq
		j.ring.add(batch[i])
		batch[i] = Entry{}
	}
	j.done += uint64(len(batch))
	j.cond.Broadcast()
}

// catchUp redacts what waits itself, then waits, holding mu, until
// every capture queued before the call is stored (one still on its way
// into the queue is the next flush's).
func (j *Journal) catchUp() {
	target := j.queued.Load()
	if j.done >= target {
		return
	}
	j.mu.Unlock()
	j.drain()
	j.mu.Lock()
	for j.done < target {
		j.cond.Wait()
	}
}

// List returns copies of the matching entries, newest first.
func (j *Journal) List(f Filter) []Entry {
	out := []Entry{}
	if j == nil {
		return out
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.catchUp()
	j.ring.newest(func(e *Entry) bool {
		if f.match(e) {
			out = append(out, e.clone())
		}
		return f.Limit == 0 || len(out) < f.Limit
	})
	return out
}

// Len is how many entries are kept and roughly how many bytes they take.
func (j *Journal) Len() (entries int, bytes int64) {
	if j == nil {
		return 0, 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.catchUp()
	return j.ring.len(), j.ring.bytes
}

// Clear empties the journal, requests already finished included;
// sequence numbers keep counting so a client polling by seq never sees
// one reused.
func (j *Journal) Clear() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.catchUp()
	j.ring.clear()
}
