package proxy

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"

	"github.com/mockdex/mockdex/internal/redact"
)

// Wrong credentials of each style, sent to the mock where the tier
// refused the app's, so both sides judge a refused credential.
const (
	wrongKey   = "not-the-key"
	wrongToken = "not-a-token"
)

var guidForm = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// mockHeaders are the app's headers for the mock: every credential
// dropped, and the mock's own of the same style put in (a wrong one when
// the tier refused the app's). The app's credentials never leave for
// anywhere but their tier.
func (p *Proxy) mockHeaders(app http.Header, refused bool) http.Header {
	h := app.Clone()
	for name := range h {
		if redact.CredentialHeader(name) {
			h.Del(name)
		}
	}
	c := p.opts.MockCredentials
	auth := app.Get("Authorization")
	scheme, token, _ := strings.Cut(auth, " ")
	switch {
	case strings.EqualFold(scheme, "dc-token"):
		h.Set("Authorization", "dc-token "+pick(refused, wrongKey, c.ServiceKey))
	case strings.EqualFold(scheme, "bearer"):
		h.Set("Authorization", "Bearer "+p.mockBearer(token, refused))
	}
	if app.Get("X-Api-Key") != "" {
		h.Set("X-Api-Key", pick(refused, wrongKey, c.APIKey))
	}
	return h
}

func pick(wrong bool, bad, good string) string {
	if wrong {
		return bad
	}
	return good
}

// mockBearer is a token of the mock's for the patient the app's token
// names (read, not verified: the tier verifies it), or MockPatient.
func (p *Proxy) mockBearer(appToken string, refused bool) string {
	if refused || p.opts.MockCredentials.Bearer == nil {
		return wrongToken
	}
	patient := subject(appToken)
	if !guidForm.MatchString(patient) {
		patient = p.opts.MockPatient
	}
	tok, err := p.opts.MockCredentials.Bearer(patient)
	if err != nil {
		return wrongToken
	}
	return tok
}

// subject is a JWT's sub claim, unverified; "" when it has none.
func subject(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 || len(parts[1]) > 8<<10 {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Sub string `json:"sub"`
	}
	if json.Unmarshal(raw, &claims) != nil {
		return ""
	}
	return claims.Sub
}
