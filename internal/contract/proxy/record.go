package proxy

import (
	"mime"
	"net/url"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/mirror"
)

// recordings keeps the tier's answers to the mirror's read-only calls in
// a directory (mirror's seen-answer format), at most max distinct
// requests. It runs on the judging worker.
type recordings struct {
	dir string
	max int

	mu      sync.Mutex // guards written and refused
	written map[string]bool
	refused int
}

func newRecorder(dir string, max int) *recordings {
	return &recordings{dir: dir, max: max, written: map[string]bool{}}
}

// keep records a 2xx JSON answer to a read-only call; anything else is
// not the mirror's and is left out.
func (r *recordings) keep(x *exchange, body []byte, now time.Time) {
	if x.status/100 != 2 || len(body) == 0 || !isJSON(x.respHeader.Get("Content-Type")) {
		return
	}
	if _, ok := mirror.ReadOnlyCall(x.method, x.path); !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.written) >= r.max {
		r.refused++
		return
	}
	q, _ := url.ParseQuery(x.rawQuery)
	a := mirror.SeenAnswer{Method: x.method, Path: x.path, Status: x.status, ContentType: x.respHeader.Get("Content-Type"),
		Body: body, SeenAt: now.UTC()}
	if x.method != "GET" {
		a.RequestBody = x.body
	}
	if rel, err := mirror.SaveSeen(r.dir, a, q); err == nil {
		r.written[rel] = true
	}
}

func isJSON(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/json"
}
