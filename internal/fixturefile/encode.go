package fixturefile

import (
	"bytes"
	"encoding/json"
)

// Encode writes a fixture file's content (a []Practice, a Providers, a
// settings map...) as people review it: indented by two spaces, map keys
// sorted, no HTML escaping, a final newline. Struct fields come in their
// declared order.
func Encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}
