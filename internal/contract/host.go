package contract

import (
	"net"
	"net/url"
	"strings"
)

// nonProduction are host fragments that mark a tier as safe to write to.
var nonProduction = []string{"uat", "dev", "test", "stage", "stg", "qa", "sandbox", "localhost", "mockdex"}

// LooksProduction reports whether a base URL may be a production tier:
// DexCare's production hosts (api.care.<domain>, ecvapi.care.<domain>)
// carry no tier word, so any host without one of uat/dev/test/stage/qa,
// and that is not loopback or a private address, is treated as
// production. Erring this way costs a flag; erring the other way writes
// test visits into a live clinic's queue.
func LooksProduction(base string) bool {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return true
	}
	host := strings.ToLower(u.Hostname())
	if ip := net.ParseIP(host); ip != nil {
		return !(ip.IsLoopback() || ip.IsPrivate())
	}
	for _, label := range strings.FieldsFunc(host, func(r rune) bool { return r == '.' || r == '-' }) {
		for _, marker := range nonProduction {
			// "uat", "uat2", "dev01" mark a tier; "devices" does not.
			if rest, ok := strings.CutPrefix(label, marker); ok && strings.Trim(rest, "0123456789") == "" {
				return false
			}
		}
	}
	return true
}
