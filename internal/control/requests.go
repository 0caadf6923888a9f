package control

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

func (c *Control) requestRoutes(a *mux.Router) {
	a.HandleFunc("/requests", c.listRequests).Methods(http.MethodGet)
	a.HandleFunc("/requests", c.clearRequests).Methods(http.MethodDelete)
	a.HandleFunc("/requests/{seq}", c.showRequest).Methods(http.MethodGet)
}

// journalQuery picks a namespace's journal entries.
type journalQuery struct {
	operationID string
	status      int
	limit       int
	seq         uint64 // one entry only
}

// journalEntries is the one place the control plane reads the request
// journal: the namespace's entries, newest first, after the namespace's
// last clear. Integration with internal/journal changes only this.
func (c *Control) journalEntries(ns *namespaces.Namespace, q journalQuery) []journal.Entry {
	name := ns.Name()
	return c.journal.List(journal.Filter{OperationID: q.operationID, Status: q.status, Limit: q.limit,
		After: ns.JournalFrom(), Seq: q.seq,
		InNamespace: func(sent string) bool { return namespaces.Name(sent) == name }})
}

// journalVerdict is an entry's request-validation verdict ("ok" or the
// refusal), and whether strict mode flagged the response; "" for a path
// the spec does not have, where nothing was validated.
func journalVerdict(e journal.Entry) string {
	if e.ResponseFlagged {
		return e.Validation + "; the response breaks the spec"
	}
	return e.Validation
}

// listRequests answers the namespace's journal, newest first, filtered by
// ?operationId=&status=&limit=.
func (c *Control) listRequests(w http.ResponseWriter, r *http.Request) {
	q, msg := parseJournalQuery(r)
	if msg != "" {
		adminError(w, http.StatusBadRequest, msg)
		return
	}
	c.held(w, r, func(ns *namespaces.Namespace) {
		writeJSON(w, http.StatusOK, map[string]any{"requests": c.journalEntries(ns, q)})
	})
}

// clearRequests empties the namespace's view of the journal; other
// namespaces keep theirs, and sequence numbers are never reused.
func (c *Control) clearRequests(w http.ResponseWriter, r *http.Request) {
	c.held(w, r, func(ns *namespaces.Namespace) {
		if newest := c.journalEntries(ns, journalQuery{limit: 1}); len(newest) > 0 {
			ns.ClearJournal(newest[0].Seq)
		}
		writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
	})
}

func (c *Control) showRequest(w http.ResponseWriter, r *http.Request) {
	c.held(w, r, func(ns *namespaces.Namespace) {
		e, ok := c.journalEntry(ns, mux.Vars(r)["seq"])
		if !ok {
			adminError(w, http.StatusNotFound, "no request with that seq in this namespace's journal")
			return
		}
		writeJSON(w, http.StatusOK, e)
	})
}

func (c *Control) journalEntry(ns *namespaces.Namespace, seqText string) (journal.Entry, bool) {
	seq, err := strconv.ParseUint(seqText, 10, 64)
	if err != nil || seq == 0 {
		return journal.Entry{}, false
	}
	es := c.journalEntries(ns, journalQuery{seq: seq})
	if len(es) == 0 {
		return journal.Entry{}, false
	}
	return es[0], true
}

// parseJournalQuery reads ?operationId=&status=&limit=.
func parseJournalQuery(r *http.Request) (journalQuery, string) {
	v := r.URL.Query()
	q := journalQuery{operationID: v.Get("operationId")}
	var err error
	if s := v.Get("status"); s != "" {
		if q.status, err = strconv.Atoi(s); err != nil || q.status < 100 || q.status > 599 {
			return q, "'status' must be an HTTP status code (100-599)"
		}
	}
	if s := v.Get("limit"); s != "" {
		if q.limit, err = strconv.Atoi(s); err != nil || q.limit < 1 {
			return q, "'limit' must be a positive integer"
		}
	}
	return q, ""
}

// requestView is a journal entry as the dashboard lists it.
type requestView struct {
	journal.Entry
	Verdict string
	Pretty  string // the whole entry as indented JSON, for the entry's page
	// Auth explains the entry's authProblem (zero when none).
	Auth auth.ProblemInfo
}

func viewRequest(e journal.Entry, pretty bool) requestView {
	v := requestView{Entry: e, Verdict: journalVerdict(e)}
	v.Auth, _ = auth.Problem(e.AuthProblem).Info()
	if pretty {
		b, _ := json.MarshalIndent(e, "", "  ") // an entry is plain data
		v.Pretty = string(b)
	}
	return v
}

// clockTime formats a mock time for a table cell.
func clockTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }
