package gate

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactFields holds for handlers whatever the schema declares: a key that
// matches a field only when case is ignored never fills it.
func TestExactFieldsRefusesFoldedKeys(t *testing.T) {
	type inner struct {
		Reason string `json:"visitReason"`
	}
	type body struct {
		Details inner   `json:"visitDetails"`
		Items   []inner `json:"items"`
		Ptr     *inner  `json:"ptr"`
	}
	typ := reflect.TypeOf(&body{})
	for name, c := range map[string]struct {
		raw  any
		want *Violation
	}{
		"exact keys pass": {map[string]any{"visitDetails": map[string]any{"visitReason": "x"}, "other": 1}, nil},
		"nested variant": {map[string]any{"visitDetails": map[string]any{"VisitReason": "x"}},
			&Violation{In: "body", Path: []string{"visitDetails", "VisitReason"}, Rule: ruleCaseVariant, Prop: "visitReason"}},
		"variant in a slice": {map[string]any{"items": []any{map[string]any{}, map[string]any{"visitreason": "x"}}},
			&Violation{In: "body", Path: []string{"items", "1", "visitreason"}, Rule: ruleCaseVariant, Prop: "visitReason"}},
		"variant behind a pointer": {map[string]any{"ptr": map[string]any{"VISITREASON": "x"}},
			&Violation{In: "body", Path: []string{"ptr", "VISITREASON"}, Rule: ruleCaseVariant, Prop: "visitReason"}},
		"top-level variant": {map[string]any{"VisitDetails": map[string]any{}},
			&Violation{In: "body", Path: []string{"VisitDetails"}, Rule: ruleCaseVariant, Prop: "visitDetails"}},
	} {
		t.Run(name, func(t *testing.T) { assert.Equal(t, c.want, exactFields(c.raw, typ, nil)) })
	}
}

func TestDecodeStrict(t *testing.T) {
	v, err := decodeStrict([]byte(`{"a":[1,{"b":2.5}],"c":null}`))
	assert.NoError(t, err)
	assert.Equal(t, map[string]any{"a": []any{jsonNumber("1"), map[string]any{"b": jsonNumber("2.5")}}, "c": nil}, v)
	_, err = decodeStrict([]byte(`{"a":1} {"a":2}`))
	assert.Error(t, err)
	_, err = decodeStrict([]byte(`[{"a":1,"b":{"x":1,"x":2}}]`))
	var ve *Violation
	if assert.ErrorAs(t, err, &ve) {
		assert.Equal(t, []string{"0", "b", "x"}, ve.Path)
	}
}

func jsonNumber(s string) any { return json.Number(s) }

// A body is read whole whatever length the request announced: the
// announced length only sizes the first buffer.
func TestReadAllSizedReadsWhatArrives(t *testing.T) {
	body := strings.Repeat("x", 70<<10) // past the capped first buffer
	for _, announced := range []int64{-1, 0, 10, int64(len(body)), int64(len(body)) + 5, 1 << 20} {
		for _, n := range []int{0, 1, 511, 512, 513, len(body)} {
			got, err := readAllSized(iotest.OneByteReader(strings.NewReader(body[:n])), announced)
			require.NoError(t, err)
			assert.Equal(t, body[:n], string(got), "announced %d, sent %d", announced, n)
		}
	}
	_, err := readAllSized(iotest.ErrReader(io.ErrUnexpectedEOF), 10)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}
