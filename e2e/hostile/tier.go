package hostile

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Tier is one hostile tier and the listeners that must not hear from a run.
type Tier struct {
	// URL is the tier's base URL: every DexCare host is served on it.
	URL string

	c        Case
	upstream http.Handler
	srv      *httptest.Server
	// otherOrigin (another host) and otherPort (the tier's host, another
	// port) are where its redirects point.
	otherOrigin, otherPort *capture

	mu     sync.Mutex // guards strays
	strays []Stray    // credentials that reached the tier's /_mockdex/
}

// Stray is a request that reached a listener it must not: which one,
// what it was, and which credential headers and how much body it carried.
type Stray struct {
	Listener     string
	Method, Path string
	Credentials  []string // names of the credential headers it carried
	BodyBytes    int
}

func (s Stray) String() string {
	return fmt.Sprintf("%s got %s %s with %d body bytes and credentials %v", s.Listener, s.Method, s.Path, s.BodyBytes, s.Credentials)
}

// Start serves upstream through c on loopback, with its capturing listeners.
func Start(upstream http.Handler, c Case) (*Tier, error) {
	t := &Tier{c: c, upstream: upstream}
	var err error
	if t.otherOrigin, err = listenCapture("another origin", "127.0.0.2:0"); err != nil {
		return nil, err
	}
	if t.otherPort, err = listenCapture("another port of the tier's host", "127.0.0.1:0"); err != nil {
		t.otherOrigin.close()
		return nil, err
	}
	t.srv = httptest.NewUnstartedServer(http.HandlerFunc(t.serve))
	// Handshakes the client refuses, and connections it drops, are the
	// point of some cases: not worth a log line each.
	t.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if c.tls {
		t.srv.StartTLS()
	} else {
		t.srv.Start()
	}
	t.URL = t.srv.URL
	return t, nil
}

// Close stops the tier and its listeners.
func (t *Tier) Close() {
	t.srv.CloseClientConnections()
	t.srv.Close()
	t.otherOrigin.close()
	t.otherPort.close()
}

// Strays lists every request that reached a listener it must not, and
// every credential sent to the tier's /_mockdex/.
func (t *Tier) Strays() []Stray {
	t.mu.Lock()
	out := append([]Stray(nil), t.strays...)
	t.mu.Unlock()
	out = append(out, t.otherOrigin.list()...)
	return append(out, t.otherPort.list()...)
}

func (t *Tier) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_mockdex") {
		// A DexCare tier has no control plane: a probe gets a 404, and a
		// credential sent here is a leak.
		if creds := credentialHeaders(r.Header); len(creds) > 0 {
			t.mu.Lock()
			t.strays = append(t.strays, Stray{Listener: "the tier's /_mockdex/", Method: r.Method, Path: r.URL.Path, Credentials: creds})
			t.mu.Unlock()
		}
		http.NotFound(w, r)
		return
	}
	if t.c.match != nil && t.c.match(r) {
		t.c.act(t, w, r)
		return
	}
	t.upstream.ServeHTTP(w, r)
}

// redirectTo is the URL of the request on another listener.
func (t *Tier) redirectTo(c *capture, r *http.Request) string {
	return "http://" + c.addr + r.URL.RequestURI()
}

// credentialHeaders names the credential headers a request carries.
func credentialHeaders(h http.Header) []string {
	var out []string
	for _, name := range []string{"Authorization", "X-Api-Key", "Cookie"} {
		if h.Get(name) != "" {
			out = append(out, name)
		}
	}
	return out
}

// capture is a listener that records every request it gets.
type capture struct {
	name string
	addr string
	srv  *http.Server
	ln   net.Listener

	mu   sync.Mutex // guards got
	got  []Stray
	done chan struct{}
}

func listenCapture(name, addr string) (*capture, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for %s on %s: %w", name, addr, err)
	}
	c := &capture{name: name, addr: ln.Addr().String(), ln: ln, done: make(chan struct{})}
	c.srv = &http.Server{Handler: http.HandlerFunc(c.record)}
	go func() {
		defer close(c.done)
		_ = c.srv.Serve(ln)
	}()
	return c, nil
}

func (c *capture) record(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	c.mu.Lock()
	c.got = append(c.got, Stray{Listener: c.name, Method: r.Method, Path: r.URL.Path, Credentials: credentialHeaders(r.Header), BodyBytes: int(n)})
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"message":"you should not be here"}`)
}

func (c *capture) list() []Stray {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Stray(nil), c.got...)
}

func (c *capture) close() {
	_ = c.srv.Close()
	<-c.done
}
