package fakes

import "encoding/binary"

// Packed text: a record's free-text fields (ids, a visit reason, an
// actor's name) kept in one string, each field its length as a uvarint
// then its bytes. One allocation per record instead of one string header
// and allocation per field; empty fields cost one byte.

// appendText appends s, length-prefixed, to b.
func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// packTexts packs fields in order.
func packTexts(fields []string) string {
	n := 0
	for _, f := range fields {
		n += len(f) + binary.MaxVarintLen64
	}
	b := make([]byte, 0, n)
	for _, f := range fields {
		b = appendText(b, f)
	}
	return string(b)
}

// unpackTexts reads the packed fields into out, in order; the strings
// share the packed string's memory.
func unpackTexts(text string, out []string) {
	for i := range out {
		out[i], text = nextText(text)
	}
}

// firstText is the first packed field.
func firstText(text string) string {
	s, _ := nextText(text)
	return s
}

func nextText(text string) (field, rest string) {
	if text == "" {
		return "", ""
	}
	n, w := uvarintString(text)
	end := w + int(n)
	return text[w:end], text[end:]
}

// uvarintString is binary.Uvarint over a string, without a copy.
func uvarintString(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			return x | uint64(c)<<shift, i + 1
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, len(s)
}
