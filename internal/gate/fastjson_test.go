package gate

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

// oldParse is the parse fastParse stands in front of: encoding/json's
// Decoder with UseNumber, one value and nothing after it.
func oldParse(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

var fastJSONSeeds = []string{
	visitBody, `{}`, `[]`, `""`, `0`, `-0.5e+3`, ` {"a" : [1, 2.5, -3e2, true, false, null, "x", {}] } `,
	`{"a":1,"a":2}`, `{"a":"\u00e9"}`, `{"a":"é"}`, "{\"a\":\"\xff\"}", `01`, `1.`, `-`, `1e`, `[1,]`, `{"a":1,}`,
	`{"a"}`, `{"a":}`, `"unterminated`, `tru`, `nul`, `[1 2]`, `{} {}`, "\"tab\there\"", `{"visitReason":"x","visitreason":"y"}`,
}

// Where the fast parser answers, encoding/json answers the same value;
// where encoding/json refuses, the fast parser does not answer.
func FuzzFastParseAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range fastJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := fastParse(data)
		if !ok {
			return
		}
		old, oldOK := oldParse(data)
		if !oldOK {
			t.Fatalf("fast parser accepted what encoding/json refuses: %q", data)
		}
		assert.Equal(t, old, fast, "%q", data)
	})
}

// The bodies clients send take the fast path; a repeated key does not
// (encoding/json's walk names it), nor an escape.
func TestFastParseTakesCommonBodies(t *testing.T) {
	for _, s := range []string{visitBody, `{"a":[1,2.5,true,null,"x"]}`, `{"a":"é"}`} {
		_, ok := fastParse([]byte(s))
		assert.True(t, ok, s)
	}
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":"\u00e9"}`, `{"a":1} x`, "\"\xff\""} {
		_, ok := fastParse([]byte(s))
		assert.False(t, ok, s)
	}
	v, err := decodeStrict([]byte(`{"a":1,"a":2}`))
	assert.Nil(t, v)
	assert.Equal(t, &Violation{In: "body", Path: []string{"a"}, Rule: ruleRepeatedKey}, err)
}
