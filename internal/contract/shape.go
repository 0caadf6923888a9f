package contract

import (
	"encoding/csv"
	"encoding/json"
	"mime"
	"regexp"
	"sort"
	"strings"
	"time"
)

// node is what one generalized JSON path holds across a body: array
// indices fold into "*", so every element of a list shares its paths.
type node struct {
	kinds  map[string]bool
	values map[string]bool // string values only (enum-like candidates)
	forms  map[string]bool // the forms of its string values (see formOf)
	empty  bool            // an array with no elements: its children are unknown
}

// shape maps generalized JSON pointers to what they hold.
type shape map[string]*node

// bodyShape reads a response body: JSON by structure, CSV by its header
// row (each column a field at /csv/NAME), anything else as one opaque value.
func bodyShape(contentType string, body []byte) shape {
	s := shape{}
	switch mediaType(contentType) {
	case "application/json":
		var v any
		if json.Unmarshal(body, &v) == nil {
			s.add("", v)
		}
	case "text/csv":
		r := csv.NewReader(strings.NewReader(string(body)))
		if header, err := r.Read(); err == nil {
			for _, col := range header {
				s.node("/csv/" + escapeToken(col)).kinds["column"] = true
			}
		}
	}
	return s
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.TrimSpace(strings.Split(ct, ";")[0])
	}
	return mt
}

func (s shape) node(p string) *node {
	n, ok := s[p]
	if !ok {
		n = &node{kinds: map[string]bool{}, values: map[string]bool{}, forms: map[string]bool{}}
		s[p] = n
	}
	return n
}

func (s shape) add(p string, v any) {
	n := s.node(p)
	switch t := v.(type) {
	case map[string]any:
		n.kinds["object"] = true
		for k, e := range t {
			s.add(p+"/"+keyToken(k), e)
		}
	case []any:
		n.kinds["array"] = true
		if len(t) == 0 {
			n.empty = true
		}
		for _, e := range t {
			s.add(p+"/*", e)
		}
	case string:
		n.kinds["string"] = true
		n.values[t] = true
		if t != "" {
			n.forms[formOf(t)] = true
		}
	case float64:
		n.kinds["number"] = true
	case bool:
		n.kinds["boolean"] = true
	case nil:
		n.kinds["null"] = true
	}
}

// Value forms a diff holds steady even where the values themselves vary.
const (
	formGUID     = "GUID"
	formDateTime = "RFC 3339 date-time"
	formDate     = "date (YYYY-MM-DD)"
	formText     = "text"
)

var guidForm = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// formOf classifies a string value; the value itself is never reported.
func formOf(v string) string {
	switch {
	case guidForm.MatchString(v):
		return formGUID
	case len(v) == 10:
		if _, err := time.Parse(time.DateOnly, v); err == nil {
			return formDate
		}
	case len(v) > 10:
		if _, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return formDateTime
		}
	}
	return formText
}

// form is the single strict form of a node's strings, or "" when they
// are free text or mixed.
func (n *node) form() string {
	if len(n.forms) != 1 {
		return ""
	}
	for f := range n.forms {
		if f != formText {
			return f
		}
	}
	return ""
}

// foldedKey is the token every key of a map-like object folds into, as "*"
// does for array indices.
const foldedKey = "{key}"

// keyToken is a path token for an object key. Keys that are data, not
// field names (Care Options' providers by NPI, departments by
// "ehr|id"), fold into foldedKey: which NPIs a tier lists is its data, and
// a diff of shape must not call each one a missing field. DexCare's field
// names are camelCase words (at most one digit, as in line1); a key with
// a separator or three digits is an identifier.
func keyToken(k string) string {
	digits := 0
	for _, r := range k {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("|.:-", r):
			return foldedKey
		}
	}
	if digits >= 3 {
		return foldedKey
	}
	return escapeToken(k)
}

func escapeToken(k string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

// kind names what a path holds, ignoring null (nullable fields may be
// null in one run and set in another).
func (n *node) kind() string {
	var ks []string
	for k := range n.kinds {
		if k != "null" {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return strings.Join(ks, "|")
}

// underUnknown reports whether p lies below an array that is empty in
// either shape, or below a path already reported: such children cannot
// be compared.
func underUnknown(p string, a, b shape, reported map[string]bool) bool {
	for parent := parentOf(p); parent != p; p, parent = parent, parentOf(parent) {
		if reported[parent] {
			return true
		}
		if na, ok := a[parent]; ok && na.empty {
			return true
		}
		if nb, ok := b[parent]; ok && nb.empty {
			return true
		}
		if parent == "" {
			break
		}
	}
	return false
}

func parentOf(p string) string {
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return ""
	}
	return p[:i]
}
