package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/mockdex/mockdex/internal/redact"
)

// redactBody turns a captured body into what the journal keeps: redacted
// JSON for JSON and form bodies; for anything else (HTML, CSV, truncated
// bodies) only a note, since it cannot be redacted field by field.
func redactBody(contentType string, body []byte, size int64, truncated bool) (json.RawMessage, string) {
	if size == 0 {
		return nil, ""
	}
	if truncated {
		return nil, fmt.Sprintf("%d bytes, over the journal's %d-byte limit", size, journalBodyLimit)
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	var v any
	switch {
	case mt == "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, "form body that does not parse"
		}
		v = redact.Journal.Values(q)
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, "JSON body that does not parse"
		}
		v = redact.Journal.Value(v)
	default:
		return nil, fmt.Sprintf("%d bytes of %s, not stored (only JSON and forms can be redacted)", size, orUnknown(mt))
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, "body that does not encode"
	}
	return out, ""
}

func orUnknown(mt string) string {
	if mt == "" {
		return "unknown type"
	}
	return mt
}
