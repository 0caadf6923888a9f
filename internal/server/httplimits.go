package server

import (
	"net/http"
	"time"
)

// The HTTP limits mockdex serves with (cmd/mockdex sets them on its
// http.Server). They bound what a slow or hostile client can hold: a
// stalled upload, an endless chunked body, an idle keep-alive connection.
const (
	// ReadHeaderTimeout is how long a client has to send its headers.
	ReadHeaderTimeout = 10 * time.Second
	// ReadTimeout is how long a client has to send a whole request, body
	// included.
	ReadTimeout = 30 * time.Second
	// WriteTimeout is how long a response may take, from the end of the
	// request's headers; a fault's delay extends it (see extendDeadlines).
	WriteTimeout = 60 * time.Second
	// IdleTimeout closes a keep-alive connection left unused.
	IdleTimeout = 60 * time.Second
	// MaxHeaderBytes caps a request's headers; net/http answers 431 past it.
	MaxHeaderBytes = 64 << 10
)

// extendDeadlines moves the connection's deadlines past a fault's delay,
// so a delay of up to 10 minutes ends in the response it promises rather
// than in the server's timeouts: the write deadline to allow the whole
// delay plus WriteTimeout, and the read deadline likewise (net/http
// watches the connection for a hang-up while the handler runs, and that
// watch failing at ReadTimeout would cut the delay short). It is a no-op
// where the writer has no connection (tests' recorders).
func extendDeadlines(w http.ResponseWriter, delay time.Duration) {
	now := time.Now() // deadlines are wall-clock by nature
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(now.Add(delay + WriteTimeout))
	_ = rc.SetReadDeadline(now.Add(delay + ReadTimeout))
}
