package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/respond"
)

// writeJSON writes v with the given status, never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	respond.WriteJSON(w, status, v)
}

// adminError answers with status and {"error": msg}, the one error shape
// of every /_mockdex endpoint.
func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fakeError answers an error from the fakes with its kind's status, and
// with its machine-readable code beside the message when it has one
// (MEMORY_LIMIT_REACHED, NAMESPACE_LIMIT_REACHED...), so a script can
// tell a full mock from a bad request without reading prose.
func fakeError(w http.ResponseWriter, err error) {
	status, msg := respond.Error(err)
	var e *apierr.Error
	if errors.As(err, &e) && e.Code != "" {
		writeJSON(w, status, map[string]string{"error": msg, "code": e.Code})
		return
	}
	adminError(w, status, msg)
}

// readBody reads the whole request body, which the guard has capped: a
// larger one is answered 413 here and reported false.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(r.Body)
	if err == nil {
		return b, true
	}
	if tooLarge(err) {
		bodyTooLarge(w, bodyLimit(r))
	} else {
		adminError(w, http.StatusBadRequest, "the body could not be read")
	}
	return nil, false
}

// decodeJSON reads the body into v. An empty body leaves v as it is when
// optional; anything else that is not v's JSON is a 400 saying want.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, optional bool, want string) bool {
	b, ok := readBody(w, r)
	if !ok {
		return false
	}
	if optional && len(bytes.TrimSpace(b)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, "the body must be "+want)
		return false
	}
	return true
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

func bodyTooLarge(w http.ResponseWriter, limit int64) {
	w.Header().Set("Connection", "close") // the rest of the body is not read
	msg := fmt.Sprintf("control-plane bodies are limited to %d KiB", limit>>10)
	if limit >= 1<<20 {
		msg = fmt.Sprintf("a state document is limited to %d MiB", limit>>20)
	}
	adminError(w, http.StatusRequestEntityTooLarge, msg)
}

// clockView is a clock as the control plane shows it.
type clockView struct {
	Now    time.Time `json:"now"`
	Mode   string    `json:"mode"`
	Factor float64   `json:"factor"`
}
