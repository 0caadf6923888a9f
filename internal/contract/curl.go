package contract

import (
	"encoding/json"
	"fmt"
	"net/http"
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
// shell with the DEXCARE_* variables set, sends the same request: the
// credential as the variable the step used ($DEXCARE_OTHER_JWT for the
// other patient's token), a deliberately wrong one as the literal it
// was, patient identities as $DEXCARE_PATIENT_GUID and friends, and
// other patient fields as synthetic values of the same form, so the body
// still validates.
func reproduce(x scenarios.Exchange, refs map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -X %s %s", x.Method, shellWithVars(x.URL, refs))
	for _, name := range sortedHeaderNames(x.Header) {
		for _, v := range x.Header.Values(name) {
			fmt.Fprintf(&b, " -H %s", headerArg(name, v, x.Credential, refs))
		}
	}
	if body := placeholderBody(x.Body, refs); len(body) > 0 {
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
func placeholderBody(body []byte, refs map[string]string) []byte {
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
	out, _ := json.Marshal(placeholders(v, false, keep))
	return out
}

func placeholders(v any, sensitive bool, keep map[string]bool) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = placeholders(e, sensitive || isSensitiveKey(k), keep)
		}
	case []any:
		for i, e := range t {
			t[i] = placeholders(e, sensitive, keep)
		}
	case string:
		if sensitive && !keep[t] && formOf(t) != formGUID {
			return syntheticLike(t)
		}
	}
	return v
}

// syntheticLike is a made-up value of v's form. GUIDs are kept for the
// shell to replace (identities) or the scrubber to mask (anything else).
func syntheticLike(v string) string {
	switch {
	case formOf(v) == formDate:
		return "1970-01-01"
	case formOf(v) == formDateTime:
		return "1970-01-01T00:00:00Z"
	case strings.Contains(v, "@"):
		return "contract.check@example.com"
	case strings.Trim(v, "0123456789-() +") == "":
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
