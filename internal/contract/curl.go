package contract

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/redact"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// Wrong credentials the scenarios send on purpose; not secrets.
var deliberateWrong = map[string]bool{scenarios.WrongKey: true, scenarios.WrongJWT: true}

// sensitiveVars are the identity vars whose values are patient data; a
// reproduce line names their environment variable instead.
var sensitiveVars = []string{"patientGuid", "otherPatientGuid", "ehrPatientGuid", "ehrIdentifier"}

// identityValues are the values of the identity vars that are the tier's
// configuration, not patient data (practice, region, brand, NPI, postal
// code, EHR names): a reproduce line keeps them as they were sent, and a
// report never scrubs them, even where a patient field (an address's
// postal code) happens to hold one.
func identityValues(vars scenarios.Vars) []string {
	all := scenarios.Defaults()
	for k, v := range vars {
		all[k] = v
	}
	var out []string
	for name := range scenarios.VarEnv {
		if !slices.Contains(sensitiveVars, name) && all[name] != "" {
			out = append(out, all[name])
		}
	}
	return out
}

// envRefs maps the values of the sensitive identity vars to the
// environment variables that hold them (DEXCARE_PATIENT_GUID...).
func envRefs(vars scenarios.Vars) map[string]string {
	all := scenarios.Defaults()
	for k, v := range vars {
		all[k] = v
	}
	out := map[string]string{}
	for _, name := range sensitiveVars {
		if v := all[name]; v != "" {
			out[v] = scenarios.VarEnv[name]
		}
	}
	return out
}

// reproduce renders an exchange as a curl command that, pasted into a
// shell with the DEXCARE_* variables set, sends the same request: every
// header the step sent (a shared mockdex's namespace included), the
// credential as the variable the step used ($DEXCARE_OTHER_JWT for the
// other patient's token), a deliberately wrong one as the literal it
// was, patient identities as $DEXCARE_PATIENT_GUID and friends, the
// tier's configuration identities (postal code, NPI...) as sent, and
// other patient fields as synthetic values of the same kind, so the body
// still validates and means the same to the target.
func reproduce(x scenarios.Exchange, refs map[string]string, vars scenarios.Vars) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -X %s %s", x.Method, shellWithVars(x.URL, refs))
	for _, name := range sortedHeaderNames(x.Header) {
		for _, v := range x.Header.Values(name) {
			fmt.Fprintf(&b, " -H %s", headerArg(name, v, x.Credential, refs))
		}
	}
	if body := placeholderBody(x.Body, refs, vars); len(body) > 0 {
		fmt.Fprintf(&b, " -d %s", shellWithVars(string(body), refs))
	}
	return b.String()
}

func sortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		if k == "Accept" || k == "User-Agent" {
			continue
		}
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// headerArg names a credential by its variable (double-quoted so the
// shell expands it) and quotes everything else as it was.
func headerArg(name, v, credential string, refs map[string]string) string {
	if !redact.CredentialHeader(name) {
		return shellWithVars(name+": "+v, refs)
	}
	scheme, tok, hasScheme := strings.Cut(v, " ")
	if deliberateWrong[v] || hasScheme && deliberateWrong[tok] {
		return shellQuote(name + ": " + v)
	}
	if credential == "" {
		credential = guessCredential(name, scheme)
	}
	if hasScheme && http.CanonicalHeaderKey(name) == "Authorization" {
		return fmt.Sprintf("\"%s: %s $%s\"", name, scheme, credential)
	}
	return fmt.Sprintf("\"%s: $%s\"", name, credential)
}

// guessCredential names the variable for a credential header whose step
// did not say (an exchange from a recording).
func guessCredential(name, scheme string) string {
	switch {
	case http.CanonicalHeaderKey(name) == "X-Api-Key":
		return scenarios.EnvAPIKey
	case strings.EqualFold(scheme, "dc-token"):
		return scenarios.EnvServiceKey
	}
	return scenarios.EnvJWT
}

// placeholderBody replaces the values of patient fields in a JSON body
// with synthetic values of the same form, keeping the scenarios' own
// synthetic values and the identities refs names (the shell fills those
// in). Objects are walked, never replaced whole, so the body keeps its
// shape and still validates. A body that is not JSON is left out.
func placeholderBody(body []byte, refs map[string]string, vars scenarios.Vars) []byte {
	if len(body) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	keep := scenarios.SyntheticValues()
	for id := range refs {
		keep[id] = true
	}
	for _, id := range identityValues(vars) {
		keep[id] = true
	}
	p := placeholder{keep: keep, postalCode: identity(vars, "postalCode")}
	out, _ := json.Marshal(p.walk(v, "", false))
	return out
}

func identity(vars scenarios.Vars, name string) string {
	if v := vars[name]; v != "" {
		return v
	}
	return scenarios.Defaults()[name]
}

// placeholder replaces patient values with synthetic ones of their kind.
type placeholder struct {
	keep       map[string]bool
	postalCode string // the one the target knows (DEXCARE_POSTAL_CODE)
}

func (p placeholder) walk(v any, key string, sensitive bool) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = p.walk(e, k, sensitive || isSensitiveKey(k))
		}
	case []any:
		for i, e := range t {
			t[i] = p.walk(e, key, sensitive)
		}
	case string:
		if sensitive && !p.keep[t] && formOf(t) != formGUID {
			return p.like(key, t)
		}
	}
	return v
}

// like is a made-up value of the kind the field holds: a postal code the
// target knows for a postal code, a date for a date, an address for an
// email, a phone number for a phone. GUIDs are kept for the shell to
// replace (identities) or the scrubber to mask (anything else).
func (p placeholder) like(key, v string) string {
	k := strings.ToLower(key)
	switch {
	case strings.Contains(k, "postal") || strings.Contains(k, "zip"):
		return p.postalCode
	case formOf(v) == formDate:
		return "1970-01-01"
	case formOf(v) == formDateTime:
		return "1970-01-01T00:00:00Z"
	case strings.Contains(v, "@") || strings.Contains(k, "email"):
		return "contract.check@example.com"
	case strings.Contains(k, "phone") || strings.Trim(v, "0123456789-() +") == "":
		return "206-555-0100"
	}
	return "Contract Check"
}

// shellWithVars single-quotes s for the shell, with every identity value
// refs names spliced in as a double-quoted "$VARIABLE".
func shellWithVars(s string, refs map[string]string) string {
	vals := make([]string, 0, len(refs))
	for v := range refs {
		if strings.Contains(s, v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return shellQuote(s)
	}
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	pairs := make([]string, 0, 2*len(vals))
	for _, v := range vals {
		pairs = append(pairs, v, "\x00"+refs[v]+"\x00")
	}
	parts := strings.Split(strings.NewReplacer(pairs...).Replace(s), "\x00")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			fmt.Fprintf(&b, `"$%s"`, p)
		} else if p != "" {
			b.WriteString(shellQuote(p))
		}
	}
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
