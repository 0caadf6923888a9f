package journal

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/redact"
)

func TestRedactBody(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		size                    int64
		want, omitted           string
	}{
		{name: "nested and listed", contentType: "application/json",
			body: `{"visitId":"v1","patient":{"FirstName":"Ann","address":{"city":"X"},"dependents":[{"last_name":"B","ssn":null}]}}`,
			want: `{"visitId":"v1","patient":{"FirstName":"[redacted]","address":"[redacted]","dependents":[{"last_name":"[redacted]","ssn":null}]}}`},
		{name: "big numbers kept exact", contentType: "application/json; charset=utf-8", body: `{"n":12345678901234567890}`,
			want: `{"n":12345678901234567890}`},
		{name: "form", contentType: "application/x-www-form-urlencoded", body: "firstName=Ann&brand=providence&tag=a&tag=b",
			want: `{"brand":"providence","firstName":"[redacted]","tag":["a","b"]}`},
		{name: "html", contentType: "text/html", body: "<p>Ann</p>", omitted: "10 bytes of text/html, not stored (only JSON and forms can be redacted)"},
		{name: "bad json", contentType: "application/json", body: `{"firstName":"Ann"`, omitted: "JSON body that does not parse"},
		{name: "too large", contentType: "application/json", body: `{"firstName":"Ann"}`, size: 70000, omitted: "70000 bytes, over the journal's 8-byte limit"},
		{name: "empty", contentType: "application/json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limit := DefaultBodyLimit
			size := int64(len(c.body))
			if c.size > 0 {
				limit, size = 8, c.size
			}
			got, omitted := redactBody(c.contentType, []byte(c.body), size, limit)
			assert.Equal(t, c.want, string(got))
			assert.Equal(t, c.omitted, omitted)
			assert.NotContains(t, omitted, "Ann")
		})
	}
}

func TestRedactQuery(t *testing.T) {
	assert.JSONEq(t, `{"email":"[redacted]","regionCodes[]":["WA","OR"],"practiceId":"p"}`,
		string(first(redactQuery([]byte("email=a%40b&regionCodes[]=WA&regionCodes[]=OR&practiceId=p")))))
	assert.Nil(t, first(redactQuery(nil)))
	for raw, lossless := range map[string]bool{
		"regionCodes[]=WA&practiceId=p&": true,
		"email=a%40b&practiceId=p":       false, // masked
		"practiceId=p&x=1;y=2":           false, // left out
		"practiceId=p&x=%zz":             false, // left out
	} {
		_, got := redactQuery([]byte(raw))
		assert.Equal(t, lossless, got, raw)
	}
}

func first[T, U any](t T, _ U) T { return t }

// FuzzRedactQuery holds the direct writer to the map-based redaction it
// replaces.
func FuzzRedactQuery(f *testing.F) {
	for _, s := range []string{"email=a%40b&regionCodes[]=WA&regionCodes[]=OR", "a=1;b=2&c=%zz&d=%E2%82%AC+x", "k=\x01\"\\&k=", "=x&&y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		want := redact.Journal.Values(q)
		got, lossless := redactQuery([]byte(raw))
		if lossless {
			_, err := url.ParseQuery(raw)
			assert.NoError(t, err, "a lossless query left nothing out")
			for k := range q {
				assert.False(t, redact.Journal.Masks(k), "a lossless query masked nothing")
			}
		}
		if want == nil {
			assert.Nil(t, got)
			return
		}
		var decoded map[string]any
		require.NoError(t, json.Unmarshal(got, &decoded), "%s", got)
		wantJSON, _ := json.Marshal(want)
		var wantDecoded map[string]any
		require.NoError(t, json.Unmarshal(wantJSON, &wantDecoded))
		assert.Equal(t, wantDecoded, decoded)
	})
}
