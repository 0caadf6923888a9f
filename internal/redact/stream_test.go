package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendJSON(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"nested and listed", `{"visitId":"v1","patient":{"FirstName":"Ann","address":{"city":"X"},"dependents":[{"last_name":"B","ssn":null}]}}`,
			`{"visitId":"v1","patient":{"FirstName":"[redacted]","address":"[redacted]","dependents":[{"last_name":"[redacted]","ssn":null}]}}`},
		{"white space dropped, order and digits kept", "{ \"n\" : 12345678901234567890 ,\n \"a\" : [ 1.5e3 , -0 , true , false ] }",
			`{"n":12345678901234567890,"a":[1.5e3,-0,true,false]}`},
		{"escaped key still matched", `{"first\u004eame":"Ann","e\u006dail":"a@b"}`, `{"first\u004eame":"[redacted]","e\u006dail":"[redacted]"}`},
		{"strings with escapes kept", `{"note":"say \"hi\"\n\u00e9"}`, `{"note":"say \"hi\"\n\u00e9"}`},
		{"identifiers kept by the journal", `{"patientGuid":"p1","token":"t"}`, `{"patientGuid":"p1","token":"[redacted]"}`},
		{"scalar", ` "x" `, `"x"`},
		{"masked list", `{"email":["a","b"],"k":{}}`, `{"email":"[redacted]","k":{}}`},
		{"data masked only as text", `{"connection":{"data":"{\"name\":\"Ann\"}"},"d\u0061ta":"x","data":[{"id":"e1","actorLastName":"B"}]}`,
			`{"connection":{"data":"[redacted]"},"d\u0061ta":"[redacted]","data":[{"id":"e1","actorLastName":"[redacted]"}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Journal.AppendJSON(nil, []byte(c.in))
			require.NoError(t, err)
			assert.Equal(t, c.want, string(got))
		})
	}
}

func TestAppendJSONRefusesWhatIsNotOneValue(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a":1}{"b":2}`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `01`, `1.`, `-`, `1e`,
		`"tab	in string"`, `"\x"`, `"\u12g4"`, `nul`, `{"a":1} x`, `{'a':1}`, strings.Repeat("[", 600) + strings.Repeat("]", 600)} {
		dst := []byte("keep")
		got, err := Journal.AppendJSON(dst, []byte(in))
		assert.ErrorIs(t, err, ErrNotJSON, in)
		assert.Equal(t, "keep", string(got), "dst comes back unchanged")
	}
}

// FuzzAppendJSON holds the byte walk to the tree walk: the same verdict
// on validity as encoding/json, and the same value once decoded.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{`{"firstName":"a","x":[1,{"email":null}]}`, `[1,2,"3"]`, `{"a\u0062":{"ssn":{"k":1}}}`, `"s"`, `{"a":1}{`, `{"data":"t","x":{"data":[{"data":1}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Report.AppendJSON(nil, src)
		if depth(src) > maxDepth {
			return
		}
		if json.Valid(src) != (err == nil) {
			t.Fatalf("valid=%v but err=%v for %q", json.Valid(src), err, src)
		}
		if err != nil {
			return
		}
		assert.Equal(t, treeRedact(t, src), decodeNumbers(t, out))
	})
}

func treeRedact(t *testing.T, src []byte) any {
	return Report.Value(decodeNumbers(t, src))
}

func decodeNumbers(t *testing.T, data []byte) any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// depth over-counts (brackets inside strings count too), which only
// skips some inputs.
func depth(src []byte) int {
	d, m := 0, 0
	for _, c := range src {
		switch c {
		case '[', '{':
			d++
			m = max(m, d)
		case ']', '}':
			d--
		}
	}
	return m
}

func BenchmarkAppendJSON(b *testing.B) {
	body := []byte(`{"patient":{"firstName":"f","lastName":"l","email":"e@x.test","phone":"1","gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1","city":"c","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","visitReason":"r"}}`)
	buf := make([]byte, 0, 1024)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = Journal.AppendJSON(buf[:0], body)
	}
}
