package contract

import (
	"fmt"
)

// Bounds a JSON answer is held to before anything decodes it: the
// decoded form of a JSON document costs tens of bytes per value, and an
// answer is decoded several times (expectations, shape, the validators),
// so a body of small values within --max-response-bytes could still cost
// gigabytes. No documented answer comes near them: the largest (a
// provider's 60 days of slots, a Care Options search) hold tens of
// thousands of values.
const (
	MaxJSONValues = 1_000_000
	MaxJSONDepth  = 64
)

// DefaultMaxResponseBytes bounds one answer's body (--max-response-bytes):
// about ten times the largest documented answer we know of (an AVR CSV of
// a busy fortnight, a few megabytes).
const DefaultMaxResponseBytes = 32 << 20

// jsonBounds scans a JSON text without decoding it and says which bound
// it passes, if any: more values than maxValues, or nesting deeper than
// maxDepth. It allocates nothing, so it is safe on any body the byte cap
// let through. It does not check that the text is valid JSON.
func jsonBounds(b []byte, maxValues, maxDepth int) string {
	values, depth := 0, 0
	inString, escaped, inScalar := false, false, false
	for _, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		scalarByte := c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':' &&
			c != '[' && c != ']' && c != '{' && c != '}' && c != '"'
		if scalarByte && !inScalar {
			values++ // a number, true, false or null starts
		}
		inScalar = scalarByte
		switch c {
		case '"':
			inString = true
			values++ // an object key counts too: it costs as much as a value
		case '[', '{':
			values++
			depth++
			if depth > maxDepth {
				return fmt.Sprintf("%d levels of JSON nesting", maxDepth)
			}
		case ']', '}':
			depth--
		}
		if values > maxValues {
			return fmt.Sprintf("%d JSON values", maxValues)
		}
	}
	return ""
}
