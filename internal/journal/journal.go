package journal

import (
	"sync"
	"sync/atomic"
)

// queueLen is how many finished captures may wait for the worker; Finish
// waits when it is full, so raw request data never piles up.
const queueLen = 256

// batchLen is how many captures the worker redacts between takes of the
// lock, so readers and the worker do not contend per request.
const batchLen = 64

// Journal is a bounded record of served requests. A nil *Journal is a
// journal that is turned off: it records nothing and lists nothing.
type Journal struct {
	opts    Options
	pool    sync.Pool // *Capture, their buffers zeroed
	queue   chan *Capture
	working atomic.Bool   // a worker goroutine is draining the queue
	queued  atomic.Uint64 // captures handed to enqueue so far

	mu   sync.Mutex // guards ring, seq and done
	cond *sync.Cond // signalled on mu when done moves
	ring ring
	seq  uint64 // last sequence number handed out
	done uint64 // captures stored (or dropped by Clear) so far
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

// enqueue hands c to the worker, starting one if none is running. The
// worker exits when the queue is empty, so an idle journal (and a test
// server's) holds no goroutine.
func (j *Journal) enqueue(c *Capture) {
	j.queued.Add(1)
	j.queue <- c
	if j.working.CompareAndSwap(false, true) {
		go j.work()
	}
}

func (j *Journal) work() {
	batch := make([]Entry, 0, batchLen)
	for {
		batch = j.drain(batch[:0])
		j.working.Store(false)
		// A capture queued after the last take but before the flag
		// cleared found the flag set and started no worker: look again.
		if len(j.queue) == 0 || !j.working.CompareAndSwap(false, true) {
			return
		}
	}
}

// drain redacts and stores captures until the queue is empty.
func (j *Journal) drain(batch []Entry) []Entry {
	for {
		batch = batch[:0]
	take:
		for len(batch) < batchLen {
			select {
			case c := <-j.queue:
				batch = append(batch, j.entryOf(c))
				c.reset()
				j.pool.Put(c)
			default:
				break take
			}
		}
		if len(batch) == 0 {
			return batch
		}
		j.store(batch)
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

// catchUp waits, holding mu, until every capture queued before the call
// is stored.
func (j *Journal) catchUp() {
	target := j.queued.Load()
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
