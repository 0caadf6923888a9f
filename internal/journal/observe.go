package journal

import "encoding/json"

// Observe has fn see every entry from now on, redacted, as the flush
// stores it: off the request path, one entry at a time in arrival order,
// never two calls at once (the flush holds drainMu). fn must neither keep
// nor change the entry (its bodies are the ring's), and must be quick:
// requests wait on a full queue while it runs. A consumer that folds
// entries into aggregates (the usage profile) sees every request even
// after the ring has evicted it. A later call replaces fn; nil stops.
func (j *Journal) Observe(fn func(*Entry)) {
	if j == nil {
		return
	}
	if fn == nil {
		j.observer.Store(nil)
		return
	}
	j.observer.Store(&fn)
}

// notify hands a batch to the observer, before store numbers the entries
// and gives them to the ring; an answer kept past BodyLimit (observed,
// by index; nil: none) replaces the entry's note for the observer alone.
// Called under drainMu.
func (j *Journal) notify(batch []Entry, observed []json.RawMessage) {
	fn := j.observer.Load()
	if fn == nil {
		return
	}
	for i := range batch {
		if i < len(observed) && observed[i] != nil {
			e := batch[i]
			e.ResponseBody, e.ResponseBodyOmitted = observed[i], ""
			(*fn)(&e)
			continue
		}
		(*fn)(&batch[i])
	}
}

// Sync returns once every request finished before the call has been
// stored, and so seen by the observer: a reader of what the observer
// folds (the usage profile) sees every request its client got an
// answer to.
func (j *Journal) Sync() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.catchUp()
}
