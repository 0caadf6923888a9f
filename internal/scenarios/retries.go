package scenarios

import (
	"context"
	"sync"
	"time"
)

// Retry is one answer a client did not pass on because it tried again
// (a 503, a 429 with its Retry-After): the exchange's answer is the last
// try's, and these are the ones before it.
type Retry struct {
	Status int           `json:"status"`
	Wait   time.Duration `json:"waitNs"` // how long the client waited before trying again
}

// retryLog collects one request's retries. The client that retries finds
// it in the request's context (NoteRetry); send puts it there, so a
// retried answer is never silently the same as a first one.
type retryLog struct {
	mu      sync.Mutex // guards retries
	retries []Retry
}

type retryLogKey struct{}

func withRetryLog(ctx context.Context) (context.Context, *retryLog) {
	l := &retryLog{}
	return context.WithValue(ctx, retryLogKey{}, l), l
}

// NoteRetry records, in the log of the request whose context ctx is, that
// an answer was retried. A client that retries calls it; without a log in
// ctx (a request not sent by a scenario) it does nothing.
func NoteRetry(ctx context.Context, r Retry) {
	l, _ := ctx.Value(retryLogKey{}).(*retryLog)
	if l == nil {
		return
	}
	l.mu.Lock()
	l.retries = append(l.retries, r)
	l.mu.Unlock()
}

func (l *retryLog) list() []Retry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Retry(nil), l.retries...)
}
