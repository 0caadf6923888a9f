package hostile

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// giveUp bounds how long a stalling handler waits for the client to
// leave, so a test that forgot its timeout still ends.
const giveUp = 30 * time.Second

// waitForClient blocks until the client goes away (or giveUp). The
// request's body is read first: the server notices a closed connection
// only once it has.
func waitForClient(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(giveUp):
	}
}

func stallBeforeAnswer(_ *Tier, _ http.ResponseWriter, r *http.Request) { waitForClient(r) }

func stallInBody(_ *Tier, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "100")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `[{"id":`)
	http.NewResponseController(w).Flush()
	waitForClient(r)
}

// upstreamAnswer is what the upstream answers r.
func (t *Tier) upstreamAnswer(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	t.upstream.ServeHTTP(rec, r)
	return rec
}

func copyHeader(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
}

func trickle(t *Tier, w http.ResponseWriter, r *http.Request) {
	rec := t.upstreamAnswer(r)
	body := rec.Body.Bytes()
	copyHeader(w, rec)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	rc := http.NewResponseController(w)
	for i := range body {
		if _, err := w.Write(body[i : i+1]); err != nil || rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// rawAnswer writes a status line, headers declaring length bytes, and
// the first part of a body on a hijacked connection, and returns it.
func rawAnswer(w http.ResponseWriter, contentType string, length int, part string) net.Conn {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil
	}
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + strconv.Itoa(length) + "\r\n\r\n" + part)
	_ = buf.Flush()
	return conn
}

func truncate(t *Tier, w http.ResponseWriter, r *http.Request) {
	rec := t.upstreamAnswer(r)
	body := rec.Body.String()
	if conn := rawAnswer(w, rec.Header().Get("Content-Type"), max(len(body), 1000), body[:min(2, len(body))]); conn != nil {
		_ = conn.Close() // a clean close, 2 bytes into the body
	}
}

func reset(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	conn := rawAnswer(w, "application/json", 200, `{"id":"`)
	if conn == nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close sends RST, not FIN
	}
	_ = conn.Close()
}

func otherOrigin(t *Tier) *capture { return t.otherOrigin }
func otherPort(t *Tier) *capture   { return t.otherPort }

func redirect(status int, to func(*Tier) *capture) func(*Tier, http.ResponseWriter, *http.Request) {
	return func(t *Tier, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", t.redirectTo(to(t), r))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"message":"moved"}`)
	}
}

// jsonChunk is what streamJSON repeats: 64 KiB of array elements.
var jsonChunk = bytes.Repeat([]byte("0,"), 32<<10)

// streamJSON writes a JSON array of zeros of about size bytes (exactly
// jsonLen(size)), in chunks, and stops when the client goes away.
func streamJSON(w http.ResponseWriter, size int) {
	chunk := jsonChunk
	if _, err := io.WriteString(w, "["); err != nil {
		return
	}
	for written := 1; written+len(chunk)+1 < size; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	_, _ = io.WriteString(w, "0]")
}

func oversized(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	streamJSON(w, 500<<20)
}

// arraySize is the valid JSON array's length in bytes: "[" + "0," × n + "0]".
const arraySize = 50 << 20

func jsonArray(declared bool) func(*Tier, http.ResponseWriter, *http.Request) {
	return func(_ *Tier, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if declared {
			w.Header().Set("Content-Length", strconv.Itoa(jsonLen(arraySize)))
		}
		w.WriteHeader(http.StatusOK)
		streamJSON(w, arraySize)
	}
}

// jsonLen is the length streamJSON writes for size.
func jsonLen(size int) int {
	chunk := len(jsonChunk)
	n := 1
	for n+chunk+1 < size {
		n += chunk
	}
	return n + 2
}

// bomb inflates to 256 MiB of zeros: one gzip member of 1 MiB, repeated
// (a gzip stream may hold many members, and decoders read them all), so
// it costs milliseconds to make, once.
var bomb = sync.OnceValue(func() []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	_, _ = zw.Write(make([]byte, 1<<20))
	_ = zw.Close()
	return bytes.Repeat(member.Bytes(), 256)
})

func gzipBomb(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	b := bomb()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func invalidUTF8(t *Tier, w http.ResponseWriter, r *http.Request) {
	rec := t.upstreamAnswer(r)
	body := rec.Body.Bytes()
	// A Latin-1 byte where UTF-8 belongs: in the first JSON string value,
	// or the second line of a CSV.
	at := len(body) / 2
	if i := bytes.Index(body, []byte(`":"`)); i >= 0 {
		at = i + 3
	} else if i := bytes.IndexByte(body, '\n'); i >= 0 {
		at = i + 1
	}
	body = append(append(append([]byte(nil), body[:at]...), 0xe9), body[at:]...)
	copyHeader(w, rec)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

func notJSON(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, "Service OK\n")
}

func gatewayPage(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>upstream connect error</p></body></html>\n")
}

func rateLimited(_ *Tier, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", "30")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = io.WriteString(w, `{"message":"Too Many Requests"}`)
}
