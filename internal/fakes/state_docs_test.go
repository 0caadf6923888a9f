package fakes

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// Every key of an exported state document, at any depth, is one
// docs/state-format.md names (in code: `key`, `{a, key}`, `"key": true`):
// the reference cannot fall behind what mockdex writes.
func TestStateExportIsDocumented(t *testing.T) {
	w := historyTemplate(t, Options{}).NewWorld(clock.NewManual(slotEpoch))
	makeEveryChange(t, w, slotEpoch)
	doc, err := w.Export()
	require.NoError(t, err)
	doc.Control = json.RawMessage(`{}`)
	var buf bytes.Buffer
	require.NoError(t, statedoc.Encode(&buf, doc))
	var tree any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &tree))
	keys := map[string]bool{}
	collectKeys(tree, "", keys)
	require.Greater(t, len(keys), 50, "the export holds every kind of change")

	reference, err := os.ReadFile("../../docs/state-format.md")
	require.NoError(t, err)
	prose := regexp.MustCompile("(?s)```.*?```").ReplaceAllString(string(reference), "") // the example is not the reference
	named := map[string]bool{}
	for _, code := range regexp.MustCompile("`[^`]+`").FindAllString(prose, -1) {
		for _, word := range regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`).FindAllString(code, -1) {
			named[word] = true
		}
	}
	var missing []string
	for path := range keys {
		if !named[path[strings.LastIndex(path, ".")+1:]] {
			missing = append(missing, path)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "fields exported but not in docs/state-format.md")
}

// collectKeys adds every object key under v, as a dotted path ("[]" for
// a list's items), to keys.
func collectKeys(v any, at string, keys map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			path := strings.TrimPrefix(at+"."+k, ".")
			keys[path] = true
			if path != "control" && !strings.HasPrefix(path, "patients[].address") { // control's own, and free-form
				collectKeys(child, path, keys)
			}
		}
	case []any:
		for _, child := range v {
			collectKeys(child, at+"[]", keys)
		}
	}
}
