package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// redacted replaces the value of every sensitive field the journal keeps.
const redacted = "[redacted]"

// sensitiveFields are JSON, form and query keys whose values the journal
// never keeps: patient and actor identity, contact and insurance data,
// the visit reason (health information), payment tokens and secrets.
// Keys are compared lower-cased with '_' and '-' removed. Ids (visitId,
// patientGuid, practiceId...) are kept on purpose: they are how a
// developer finds their request.
var sensitiveFields = setOf(
	"firstname", "lastname", "middlename", "suffixname", "namesuffix",
	"fullname", "patientname", "preferredname",
	"actorfirstname", "actorlastname", "actoremail",
	"dateofbirth", "birthdate", "dob", "gender", "sex", "ssn",
	"email", "emailaddress", "phone", "phonenumber", "mobilephone",
	"address", "line1", "line2", "city", "postalcode", "zip", "zipcode",
	"ehridentifier", "mrn", "insurancememberid", "insurancegroupnumber",
	"insurancesubscriberid", "stripetoken", "couponcode", "paymentaccountid",
	"visitreason", "reason", "additionaldetails",
	"password", "token", "accesstoken", "apikey", "servicekey", "secret",
)

// droppedHeaders carry credentials; the journal does not keep them at all.
var droppedHeaders = setOf("authorization", "proxyauthorization", "cookie", "setcookie", "xapikey")

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// fold is a key as the sets above spell it.
func fold(key string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, key)
}

func sensitive(key string) bool { return sensitiveFields[fold(key)] }

// redactValue walks a decoded JSON value, replacing sensitive fields'
// values (whole objects included: an "address" goes as one). null stays
// null: it reveals nothing.
func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if sensitive(k) && val != nil {
				x[k] = redacted
			} else {
				x[k] = redactValue(val)
			}
		}
	case []any:
		for i := range x {
			x[i] = redactValue(x[i])
		}
	}
	return v
}

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
		v = redactValues(q)
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, "JSON body that does not parse"
		}
		v = redactValue(v)
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

// redactValues turns a query or form into a JSON object: one value as a
// string, repeated values as a list, sensitive keys redacted.
func redactValues(q url.Values) map[string]any {
	if len(q) == 0 {
		return nil
	}
	out := make(map[string]any, len(q))
	for k, vs := range q {
		switch {
		case sensitive(k):
			out[k] = redacted
		case len(vs) == 1:
			out[k] = vs[0]
		default:
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// redactHeaders keeps the request's headers minus credentials (dropped,
// not masked) and with any header named like a secret masked.
func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		f := fold(k)
		switch {
		case droppedHeaders[f]:
		case strings.Contains(f, "token") || strings.Contains(f, "secret") || strings.Contains(f, "key"):
			out[k] = redacted
		default:
			out[k] = strings.Join(vs, ", ")
		}
	}
	return out
}
