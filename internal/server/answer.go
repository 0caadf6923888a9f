package server

import (
	"bytes"
	"io"
	"net/http"

	"github.com/mockdex/mockdex/internal/respond"
)

// Answer is what a handler answers with: a status and a body of one kind
// (JSON, an HTML page, a stream, none), with any headers of its own. The
// one writer (Server.answer) turns it into the response.
type Answer struct {
	status  int
	json    any           // a JSON body's value
	encoded *bytes.Buffer // or its bytes, already encoded into a pooled buffer
	page    string        // an HTML page's template
	data    any           // and its data
	stream  func(io.Writer)
	ctype   string // a stream's content type
	headers []header
}

type header struct{ name, value string }

// JSON answers v, encoded as JSON.
func JSON(status int, v any) Answer { return Answer{status: status, json: v} }

// encodedJSON answers a JSON body already written into buf, a buffer from
// respond.GetBuffer that the writer returns to the pool.
func encodedJSON(status int, buf *bytes.Buffer) Answer { return Answer{status: status, encoded: buf} }

// NoBody answers the status alone.
func NoBody(status int) Answer { return Answer{status: status} }

// Page answers the named HTML template executed with data.
func Page(status int, name string, data any) Answer {
	return Answer{status: status, page: name, data: data}
}

// Stream answers 200 with a body write produces as it goes (a report's
// CSV): once it starts the status is sent, and a failed write means the
// client went away.
func Stream(contentType string, write func(io.Writer)) Answer {
	return Answer{status: http.StatusOK, stream: write, ctype: contentType}
}

// With adds a header to the answer.
func (a Answer) With(name, value string) Answer {
	a.headers = append(a.headers, header{name, value})
	return a
}

// write sends the answer.
func (a Answer) write(w http.ResponseWriter) {
	for _, h := range a.headers {
		w.Header().Set(h.name, h.value)
	}
	switch {
	case a.encoded != nil:
		respond.WriteJSONBytes(w, a.status, a.encoded.Bytes())
		respond.PutBuffer(a.encoded)
	case a.json != nil:
		respond.WriteJSON(w, a.status, a.json)
	case a.page != "":
		renderPage(w, a.status, a.page, a.data)
	case a.stream != nil:
		w.Header().Set("Content-Type", a.ctype)
		w.WriteHeader(a.status)
		a.stream(w)
	default:
		w.WriteHeader(a.status)
	}
}

// answer is the one writer: a handler's answer, or the error it (or the
// gate) refused the call with, in the operation's error style. In strict
// mode the response is held back and checked against the spec before the
// client sees it; a failure flags the journal entry and is reported to
// Options.ResponseCheck.
func (s *Server) answer(w *respond.Recorder, c *Call, a Answer, err error) {
	if s.opts.ResponseCheck == nil {
		s.write(w, c, a, err)
		return
	}
	w.Hold()
	s.write(w, c, a, err)
	status, body := w.Held()
	if cerr := s.gate.CheckResponse(&c.Input, status, w.Header(), body); cerr != nil {
		c.capture.FlagResponse()
		s.opts.ResponseCheck(c.OperationID(), status, cerr)
	}
	w.Release()
}

func (s *Server) write(w http.ResponseWriter, c *Call, a Answer, err error) {
	if err != nil {
		s.writeError(w, c, err)
		return
	}
	a.write(w)
}
