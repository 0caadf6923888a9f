package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// What the control plane (internal/control) needs from the server beyond
// Namespaces, Operations and Options. The control plane imports the
// server; the server never imports it.

// RequestFilter picks journal entries; zero fields match everything.
type RequestFilter struct {
	// Namespace keeps one namespace's entries ("" keeps every namespace's).
	Namespace   string
	OperationID string
	Status      int
	Limit       int    // the newest Limit entries
	After       uint64 // entries with a greater Seq only
	Seq         uint64 // that entry only
}

// JournalEntry is one request as the journal keeps it (redacted); see
// package journal.
type JournalEntry = journal.Entry

// Requests are the matching journal entries, newest first: redacted
// copies.
func (s *Server) Requests(f RequestFilter) []JournalEntry {
	jf := journal.Filter{OperationID: f.OperationID, Status: f.Status, Limit: f.Limit, After: f.After, Seq: f.Seq}
	if f.Namespace != "" {
		jf.InNamespace = func(sent string) bool { return inNamespace(sent, f.Namespace) }
	}
	return s.journal.List(jf)
}

// Journal is the request journal itself (nil when it is turned off), for
// what Requests does not cover: its bounds, its size.
func (s *Server) Journal() *journal.Journal { return s.journal }

// JournalOn reports whether the server keeps a request journal at all.
func (s *Server) JournalOn() bool { return s.journal != nil }

// inNamespace says whether an entry whose request sent the namespace
// header sent belongs to namespace name.
func inNamespace(sent, name string) bool { return namespaces.Name(sent) == name }

// ErrorStatus is the HTTP status and the client-safe message for an error
// from the fakes, as the control plane answers it.
func ErrorStatus(err error) (int, string) {
	e := apierr.As(err)
	return StatusFor(e.Kind), e.Message
}

// WriteJSON writes v as the server writes its own JSON answers (an
// unencodable value is an honest 500).
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }
