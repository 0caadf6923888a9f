package facts

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExtractKeepsFactsAndDropsProse(t *testing.T) {
	in := `{"openapi":"3.0.3","info":{"title":"T","version":"2","description":"d"},
	"servers":[{"url":"https://api.{c}.example.io/v5","description":"ingress","variables":{"c":{"default":"x"}}}],
	"paths":{"/a":{"get":{"operationId":"getA","summary":"s","tags":["t"],"x-internal":true,
	  "responses":{"200":{"description":"ok","content":{"application/json":{"example":{"v":1},
	  "schema":{"type":"object","required":["description"],"description":"prose",
	  "properties":{"description":{"type":"string","enum":["a b"],"example":"e"},"title":{"type":"integer","format":"int32"}}}}}}}}}}}`
	out, err := Extract("x.json", []byte(in))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	assert.Equal(t, []any{map[string]any{"url": "/v5"}}, doc["servers"])
	op := doc["paths"].(map[string]any)["/a"].(map[string]any)["get"].(map[string]any)
	assert.Equal(t, "getA", op["operationId"])
	for _, k := range []string{"summary", "tags", "x-internal"} {
		assert.NotContains(t, op, k)
	}
	resp := op["responses"].(map[string]any)["200"].(map[string]any)
	assert.NotContains(t, resp, "description")
	media := resp["content"].(map[string]any)["application/json"].(map[string]any)
	assert.NotContains(t, media, "example")
	schema := media["schema"].(map[string]any)
	assert.NotContains(t, schema, "description")
	assert.Equal(t, []any{"description"}, schema["required"])
	props := schema["properties"].(map[string]any)
	assert.Equal(t, map[string]any{"type": "string", "enum": []any{"a b"}}, props["description"], "a field named description is a fact")
	assert.Equal(t, map[string]any{"type": "integer", "format": "int32"}, props["title"])
}
