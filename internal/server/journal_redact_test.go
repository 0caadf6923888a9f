package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/redact"

	"github.com/stretchr/testify/assert"
)

func TestRedactBody(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		truncated               bool
		want, omitted           string
	}{
		{name: "nested and listed", contentType: "application/json",
			body: `{"visitId":"v1","patient":{"FirstName":"Ann","address":{"city":"X"},"dependents":[{"last_name":"B","ssn":null}]}}`,
			want: `{"patient":{"FirstName":"[redacted]","address":"[redacted]","dependents":[{"last_name":"[redacted]","ssn":null}]},"visitId":"v1"}`},
		{name: "big numbers kept exact", contentType: "application/json; charset=utf-8", body: `{"n":12345678901234567890}`,
			want: `{"n":12345678901234567890}`},
		{name: "form", contentType: "application/x-www-form-urlencoded", body: "firstName=Ann&brand=providence&tag=a&tag=b",
			want: `{"brand":"providence","firstName":"[redacted]","tag":["a","b"]}`},
		{name: "html", contentType: "text/html", body: "<p>Ann</p>", omitted: "10 bytes of text/html, not stored (only JSON and forms can be redacted)"},
		{name: "bad json", contentType: "application/json", body: `{"firstName":"Ann"`, omitted: "JSON body that does not parse"},
		{name: "too large", contentType: "application/json", body: `{}`, truncated: true, omitted: "2 bytes, over the journal's 16384-byte limit"},
		{name: "empty", contentType: "application/json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, omitted := redactBody(c.contentType, []byte(c.body), int64(len(c.body)), c.truncated)
			assert.Equal(t, c.want, string(got))
			assert.Equal(t, c.omitted, omitted)
			if c.omitted != "" {
				assert.NotContains(t, omitted, "Ann")
			}
		})
	}
}

func TestRedactHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer abc")
	h.Set("x-api-key", "k")
	h.Set("Cookie", "s=1")
	h.Set("X-Session-Token", "t")
	h.Set("correlation-id", "c1")
	got := redact.Journal.Headers(h)
	assert.Equal(t, map[string]string{"X-Session-Token": "[redacted]", "Correlation-Id": "c1"}, got)
	for _, v := range got {
		assert.False(t, strings.Contains(v, "abc"))
	}
}
