package usage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mockdex/mockdex/internal/redact"
)

// Version is the profile document's format version.
const Version = 1

// Bounds of a profile: the fold keeps aggregates, never entries, and each
// aggregate has a cap. What a cap turns away is counted as truncated, so
// a reader knows the list is not whole.
const (
	// MaxRequestFields is how many distinct request body paths an
	// operation keeps.
	MaxRequestFields = 512
	// MaxResponseFields is how many distinct response paths an operation keeps.
	MaxResponseFields = 1024
	// MaxValues is how many distinct values a parameter or field keeps
	// (enums are shorter than this in practice).
	MaxValues = 64
	// MaxStatuses is how many distinct statuses an operation keeps.
	MaxStatuses = 64
	// MaxSources is how many run ids a merged profile lists.
	MaxSources = 1024
	// MaxDocumentBytes bounds what Read accepts.
	MaxDocumentBytes = 16 << 20
)

// Profile is the usage profile document.
type Profile struct {
	Version int `json:"version"`
	// Sources are the ids of the runs folded in, sorted: merging tells a
	// profile seen twice from two runs by them.
	Sources []string `json:"sources"`
	// Approximate says counts are lower bounds: two merged profiles
	// shared some runs but not all, so their counts could be neither
	// added nor taken as they were.
	Approximate bool `json:"approximate,omitempty"`
	// Unmatched counts requests no operation of the spec matched.
	Unmatched  int64                 `json:"unmatched,omitempty"`
	Operations map[string]*Operation `json:"operations"`
}

// Operation is how the app used one operation.
type Operation struct {
	Calls int64 `json:"calls"`
	// Statuses counts the answers by status.
	Statuses map[int]int64 `json:"statuses"`
	// Parameters maps a location (query, path, header) to the declared
	// parameters the app sent, by the spec's name.
	Parameters map[string]map[string]*Use `json:"parameters,omitempty"`
	// UndeclaredQuery counts query parameters the spec does not declare
	// for the operation (their names are not kept).
	UndeclaredQuery int64 `json:"undeclaredQuery,omitempty"`
	// RequestFields maps the request body paths the app set (JSON
	// pointers, array elements folded as [], map keys as {key}) to their use.
	RequestFields map[string]*Use `json:"requestFields,omitempty"`
	// ResponseFields maps the paths present in the answers the app got
	// (what it could have read) to how many answers held them.
	ResponseFields map[string]int64 `json:"responseFields,omitempty"`
	// Truncated names the aggregates that reached their cap
	// (requestFields, responseFields, statuses, values).
	Truncated []string `json:"truncated,omitempty"`
}

// Use is how often a parameter or field was sent, and for one whose
// schema is an enum or a boolean, with which of its values.
type Use struct {
	Sent int64 `json:"sent"`
	// Values counts the spec's enum members sent (never anything else).
	Values map[string]int64 `json:"values,omitempty"`
	// OtherValues counts values sent that are not among the enum's
	// members: kept as a count only, since they are free text.
	OtherValues int64 `json:"otherValues,omitempty"`
}

// New is an empty profile of one run.
func New(source string) *Profile {
	return &Profile{Version: Version, Sources: []string{source}, Operations: map[string]*Operation{}}
}

// Read decodes a profile document, at most MaxDocumentBytes, and holds
// it to the rules a built one keeps: the version, and no value under a
// name the redaction list does not call public.
func Read(r io.Reader) (*Profile, error) {
	lr := &io.LimitedReader{R: r, N: MaxDocumentBytes + 1}
	var p Profile
	if err := json.NewDecoder(lr).Decode(&p); err != nil {
		return nil, fmt.Errorf("usage profile: %w", err)
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("usage profile: larger than %d bytes", MaxDocumentBytes)
	}
	if p.Version != Version {
		return nil, fmt.Errorf("usage profile: version %d, this mockdex reads version %d", p.Version, Version)
	}
	if p.Operations == nil {
		p.Operations = map[string]*Operation{}
	}
	if leaks := p.Leaks(); len(leaks) > 0 {
		return nil, fmt.Errorf("usage profile: values under names the redaction list masks: %s", strings.Join(leaks, ", "))
	}
	return &p, nil
}

// Write encodes p as an indented JSON document (keys sorted).
func Write(w io.Writer, p *Profile) error {
	if p == nil {
		return errors.New("usage profile: nil")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// Leaks lists every place p holds a value under a parameter or field that
// internal/redact does not call public (a secret, personal or identifier
// field, or a public field inside one). A profile the fold built has
// none; one read from elsewhere is refused if it has any.
func (p *Profile) Leaks() []string {
	var out []string
	for _, id := range sortedKeys(p.Operations) {
		op := p.Operations[id]
		for _, in := range sortedKeys(op.Parameters) {
			for _, name := range sortedKeys(op.Parameters[in]) {
				if len(op.Parameters[in][name].Values) > 0 && !paramValuesAllowed(in, name) {
					out = append(out, id+" "+in+" "+name)
				}
			}
		}
		for _, path := range sortedKeys(op.RequestFields) {
			if len(op.RequestFields[path].Values) > 0 && !fieldValuesAllowed(path) {
				out = append(out, id+" body "+path)
			}
		}
	}
	return out
}

// paramValuesAllowed says whether a parameter's values may be kept: its
// name is public in the report policy (identifiers hidden too).
func paramValuesAllowed(in, name string) bool {
	if in == InHeader && (redact.CredentialHeader(name) || redact.Report.MasksHeader(name)) {
		return false
	}
	return publicName(name)
}

// publicName says whether the redaction list calls a name public: not a
// secret, personal or identifier field, also as text (TokBox's "data").
func publicName(name string) bool { return redact.OfValue(name, "") == redact.Public }

// fieldValuesAllowed says whether a body path's values may be kept: no
// name along it is one the report policy masks (a public "state" inside
// a personal "address" is the patient's too).
func fieldValuesAllowed(path string) bool {
	for _, tok := range strings.Split(path, "/") {
		if tok == "" || tok == ArrayItem || tok == MapKey {
			continue
		}
		if !publicName(tok) {
			return false
		}
	}
	return true
}
