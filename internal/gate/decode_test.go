package gate

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type decodeInner struct {
	Limit *int `json:"limit"`
}

type decodeBody struct {
	decodeInner
	Name    string            `json:"name"`
	Radius  int               `json:"radius"`
	Lat     *float64          `json:"latitude"`
	At      time.Time         `json:"at"`
	Tags    []string          `json:"tags"`
	Address map[string]string `json:"address"`
	Items   []decodeInner     `json:"items"`
}

func parsed(t *testing.T, text string) *Input {
	t.Helper()
	v, err := decodeStrict([]byte(text))
	require.NoError(t, err)
	return &Input{body: v, parsed: true}
}

// Decode fills a body type from the one parse as encoding/json fills it
// from the text, whole numbers included.
func TestDecodeFillsFromTheParse(t *testing.T) {
	text := `{"name":"n","radius":2.0,"limit":3e1,"latitude":47.5,"at":"2024-06-03T16:00:00Z",` +
		`"tags":["a","b"],"address":{"city":"Kent"},"items":[{"limit":1}],"other":true}`
	var got decodeBody
	require.NoError(t, parsed(t, text).Decode(&got))
	var want decodeBody
	require.NoError(t, json.Unmarshal([]byte(`{"name":"n","radius":2,"limit":30,"latitude":47.5,"at":"2024-06-03T16:00:00Z",`+
		`"tags":["a","b"],"address":{"city":"Kent"},"items":[{"limit":1}],"other":true}`), &want))
	assert.Equal(t, want, got)

	// A default the schema filled in is a Go number, not a json.Number.
	in := parsed(t, `{}`)
	in.body.(map[string]any)["radius"] = float64(25)
	require.NoError(t, in.Decode(&got))
	assert.Equal(t, 25, got.Radius)
}

// What encoding/json would take in another case is refused, naming the
// key; a number beyond its field is refused naming the field as
// encoding/json does (an embedded struct by its Go name).
func TestDecodeRefusals(t *testing.T) {
	var got decodeBody
	err := parsed(t, `{"items":[{"LIMIT":1}],"Name":"x"}`).Decode(&got)
	assert.Equal(t, &Violation{In: "body", Path: []string{"Name"}, Rule: ruleCaseVariant, Prop: "name"}, err, "the first key in order")

	err = parsed(t, `{"limit":1e30}`).Decode(&got)
	assert.Equal(t, &Violation{In: "body", Path: []string{"decodeInner", "limit"}, Rule: "int64"}, err)
	err = parsed(t, `{"items":[{"limit":1.5}]}`).Decode(&got)
	assert.Equal(t, &Violation{In: "body", Path: []string{"items", "limit"}, Rule: "int64"}, err)

	assert.Equal(t, errBodyNotJSON, parsed(t, `{"at":"yesterday"}`).Decode(&got))
	assert.Equal(t, errBodyNotJSON, (&Input{}).Decode(&got), "no body was parsed")
	assert.NoError(t, parsed(t, `null`).Decode(&got), "null fills nothing, as encoding/json")
}
