package redact

import (
	"net/http"
	"net/url"
	"strings"
)

// Mask replaces every masked value.
const Mask = "[redacted]"

// Policy decides which classes a consumer masks.
type Policy struct {
	// KeepIdentifiers shows Identifier fields (the journal does; reports
	// do not).
	KeepIdentifiers bool
}

// Journal is the mock's own request journal: it keeps identifiers.
var Journal = Policy{KeepIdentifiers: true}

// Report is anything that leaves the machine (contract reports,
// recordings): only public fields are shown.
var Report = Policy{}

// Masks reports whether p hides the text value of key.
func (p Policy) Masks(key string) bool { return p.masksClass(Of(key)) }

func (p Policy) masksClass(c Class) bool {
	switch c {
	case Public:
		return false
	case Identifier:
		return !p.KeepIdentifiers
	}
	return true
}

// Value masks, in place, every masked field of a decoded JSON value (whole
// objects included: an "address" goes as one) and returns it. null stays
// null: it reveals nothing.
func (p Policy) Value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if val != nil && p.masksClass(OfValue(k, val)) {
				x[k] = Mask
			} else {
				x[k] = p.Value(val)
			}
		}
	case []any:
		for i := range x {
			x[i] = p.Value(x[i])
		}
	}
	return v
}

// Values turns a query or form into a JSON object: one value as a string,
// repeated values as a list, masked keys masked. nil for an empty one.
func (p Policy) Values(q url.Values) map[string]any {
	if len(q) == 0 {
		return nil
	}
	out := make(map[string]any, len(q))
	for k, vs := range q {
		switch {
		case p.Masks(k):
			out[k] = Mask
		case len(vs) == 1:
			out[k] = vs[0]
		default:
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// credentialHeaders carry credentials; they are dropped, not masked.
var credentialHeaders = map[string]bool{
	"authorization": true, "proxyauthorization": true, "cookie": true,
	"setcookie": true, "xapikey": true,
}

// CredentialHeader reports whether a header carries credentials.
func CredentialHeader(name string) bool { return credentialHeaders[Fold(name)] }

// MasksHeader reports whether p masks a header's value: one named like a
// secret (…token…, …secret…, …key…) or like a field p masks, with or
// without an "X-" in front (Email, X-Email). Credential headers are
// dropped instead (CredentialHeader).
func (p Policy) MasksHeader(name string) bool {
	f := Fold(name)
	if len(name) > 2 && (name[:2] == "X-" || name[:2] == "x-") && p.masksClass(fields[f[1:]]) {
		return true
	}
	return strings.Contains(f, "token") || strings.Contains(f, "secret") || strings.Contains(f, "key") ||
		p.masksClass(fields[f])
}

// Headers keeps h minus credential headers (dropped), with the headers
// MasksHeader names masked.
func (p Policy) Headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		switch {
		case CredentialHeader(k):
		case p.MasksHeader(k):
			out[k] = Mask
		default:
			out[k] = strings.Join(vs, ", ")
		}
	}
	return out
}
