package loadgen

import (
	"encoding/json"
	"net/http"
	"path"
	"slices"
	"sync"
)

// maxPolled bounds the report jobs the status polls rotate over: the
// newest ones the run started, as a client polls the jobs it still cares
// about.
const maxPolled = 64

// reportRotation is the AVR jobs the read mix polls: the one started at
// setup and those the write mix starts. A job the mock evicted (it keeps
// only so many finished jobs, --max-reports) answers 404 and leaves the
// rotation: polling it again would measure nothing but the 404.
type reportRotation struct {
	mu  sync.Mutex // guards ids
	ids []string   // oldest first
}

// pick is the job request n polls; "" when none is left.
func (r *reportRotation) pick(n int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.ids) == 0 {
		return ""
	}
	return r.ids[n%len(r.ids)]
}

// add puts a started job in the rotation, dropping the oldest past maxPolled.
func (r *reportRotation) add(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, id)
	if len(r.ids) > maxPolled {
		r.ids = slices.Delete(r.ids, 0, len(r.ids)-maxPolled)
	}
}

// drop takes an evicted job out of the rotation.
func (r *reportRotation) drop(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = slices.DeleteFunc(r.ids, func(s string) bool { return s == id })
}

// size is how many jobs are polled.
func (r *reportRotation) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ids)
}

// polled drops a job whose status poll answered 404: the mock evicted it.
func polled(t *target, req *http.Request, status int, _ []byte) {
	if status == http.StatusNotFound {
		t.reports.drop(path.Base(req.URL.Path))
	}
}

// started adds a job the write mix started to the rotation.
func started(t *target, _ *http.Request, status int, body []byte) {
	var job struct {
		ID string `json:"id"`
	}
	if status == http.StatusOK && json.Unmarshal(body, &job) == nil && job.ID != "" {
		t.reports.add(job.ID)
	}
}
