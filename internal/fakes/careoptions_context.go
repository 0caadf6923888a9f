package fakes

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/mockdex/mockdex/internal/apierr"
)

// CodeInvalidSearchContext marks the refusal of a searchContext that this
// mock did not issue (Care Options' errorCode 40002).
const CodeInvalidSearchContext = "INVALID_SEARCH_CONTEXT"

// searchContextPrefix versions the token's format.
const searchContextPrefix = "sc1."

// Context is the searchContext that repeats s: the search itself, carried
// in the token, so it survives resets and needs no storage, and the same
// search always gives the same token. Dates left out are "today" again
// when it is repeated.
func (s CareSearch) Context() string {
	data, _ := json.Marshal(s) // strings, numbers and lists always marshal
	return searchContextPrefix + base64.RawURLEncoding.EncodeToString(data)
}

// ParseSearchContext reads a token Context issued.
func ParseSearchContext(token string) (CareSearch, error) {
	var s CareSearch
	raw, ok := strings.CutPrefix(token, searchContextPrefix)
	data, err := base64.RawURLEncoding.DecodeString(raw)
	if !ok || err != nil {
		return s, errInvalidSearchContext
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&s) != nil || dec.More() {
		return CareSearch{}, errInvalidSearchContext
	}
	return s, nil
}

var errInvalidSearchContext = apierr.InvalidField("searchContext", "Invalid Search Context").WithCode(CodeInvalidSearchContext)
