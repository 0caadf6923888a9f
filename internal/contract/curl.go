package contract

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Wrong credentials the scenarios send on purpose; not secrets.
var deliberateWrong = map[string]bool{scenarios.WrongKey: true, scenarios.WrongJWT: true}

// reproduce renders an exchange as a curl command whose credentials are
// environment variable names and whose body has patient fields redacted.
func reproduce(x scenarios.Exchange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -X %s %s", x.Method, shellQuote(x.URL))
	for _, name := range sortedHeaderNames(x.Header) {
		for _, v := range x.Header.Values(name) {
			fmt.Fprintf(&b, " -H %s", headerArg(name, v))
		}
	}
	if body := redactJSON(x.Body); len(body) > 0 {
		fmt.Fprintf(&b, " -d %s", shellQuote(string(body)))
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

// headerArg double-quotes credential headers so the shell expands the
// $DEXCARE_... name, and single-quotes everything else.
func headerArg(name, v string) string {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization":
		scheme, tok, _ := strings.Cut(v, " ")
		if deliberateWrong[tok] {
			return shellQuote(name + ": " + v)
		}
		env := "$DEXCARE_JWT"
		if strings.EqualFold(scheme, "dc-token") {
			env = "$DEXCARE_SERVICE_KEY"
		}
		return fmt.Sprintf("\"%s: %s %s\"", name, scheme, env)
	case "X-Api-Key":
		if deliberateWrong[v] {
			return shellQuote(name + ": " + v)
		}
		return fmt.Sprintf("\"%s: $DEXCARE_API_KEY\"", name)
	}
	return shellQuote(name + ": " + v)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
