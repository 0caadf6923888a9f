// Package facts reduces an OpenAPI document to its facts: what a client
// and a server must agree on (paths, methods, operationIds, parameters,
// bodies, schemas with their types, formats, enums and required fields,
// statuses, security), without any prose or example of the author's.
package facts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// dropped are keywords that carry the author's words or samples, not
// facts a response is judged by.
var dropped = map[string]bool{
	"description": true, "summary": true, "title": true, "example": true,
	"examples": true, "externalDocs": true, "tags": true, "contact": true,
	"license": true, "termsOfService": true,
}

// nameMaps are keywords whose object keys are names (of fields, paths,
// statuses, media types...) rather than keywords.
var nameMaps = map[string]bool{
	"properties": true, "paths": true, "responses": true, "content": true,
	"schemas": true, "securitySchemes": true, "headers": true, "callbacks": true,
	"links": true, "requestBodies": true, "encoding": true, "parameters": true,
	"patternProperties": true, "mapping": true, "scopes": true,
}

// verbatim are keywords whose values are data and kept whole.
var verbatim = map[string]bool{"enum": true, "default": true, "required": true, "const": true}

// Extract returns the facts of one published JSON document, as indented
// JSON with sorted keys (so a re-extraction diffs cleanly).
func Extract(name string, raw []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	out := clean(doc, false).(map[string]any)
	info, _ := doc["info"].(map[string]any)
	out["info"] = map[string]any{
		"title":   "facts of " + name + ", extracted by mockdex (spec/extract)",
		"version": info["version"],
	}
	servers, err := basePaths(doc["servers"])
	if err != nil {
		return nil, err
	}
	out["servers"] = servers
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// clean walks v. In a name map every key is kept; elsewhere keys are
// keywords and the author's prose, samples and x- extensions go.
func clean(v any, names bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			switch {
			case names:
				out[k] = clean(val, false)
			case dropped[k] || strings.HasPrefix(k, "x-") || k == "info" || k == "servers":
			case verbatim[k]:
				out[k] = val
			default:
				_, isObj := val.(map[string]any)
				out[k] = clean(val, nameMaps[k] && isObj)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clean(e, false)
		}
		return out
	}
	return v
}

// basePaths keeps only the path of each server URL: the hosts name
// DexCare's customers, and requests are matched by path alone.
func basePaths(v any) ([]any, error) {
	list, _ := v.([]any)
	seen := map[string]bool{}
	var out []any
	for _, s := range list {
		m, _ := s.(map[string]any)
		raw, _ := m["url"].(string)
		raw = strings.NewReplacer("{", "", "}", "").Replace(raw)
		u, err := url.Parse(raw)
		if err != nil || seen[u.Path] {
			continue
		}
		seen[u.Path] = true
		out = append(out, map[string]any{"url": u.Path})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no server URL with a path")
	}
	return out, nil
}
