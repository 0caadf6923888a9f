package avrcsv

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the data dictionary's column table from columns.json")

const (
	dictionary = "../../docs/avr-data-dictionary.md"
	begin      = "<!-- avr-columns:begin (generated from spec/avrcsv/columns.json) -->\n"
	end        = "<!-- avr-columns:end -->"
)

// TestDataDictionary keeps the doc's table in step with columns.json.
func TestDataDictionary(t *testing.T) {
	raw, err := os.ReadFile(dictionary)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated table's markers", dictionary)
	}
	want := doc[:i+len(begin)] + MarkdownTable() + doc[j:]
	if want == doc {
		return
	}
	if *update {
		if err := os.WriteFile(dictionary, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's column table differs from columns.json: run go test ./spec/avrcsv -run TestDataDictionary -update", dictionary)
}

func TestCheckForms(t *testing.T) {
	cases := []struct {
		col, v string
		ok     bool
	}{
		{"visitId", "3b690e39-4659-40f9-9909-58b27c0a4383", true},
		{"visitId", "3b690e39", false},
		{"visitId", "", false},
		{"createdAt", "2024-06-03T16:00:00Z", true},
		{"createdAt", "2024-06-03 16:00:00", false},
		{"createdAt", "1717430400", false},
		{"doneAt", "", true},
		{"status", "done", true},
		{"status", "DONE", false},
		{"waitSeconds", "42", true},
		{"waitSeconds", "4.2", false},
		{"visitReason", "anything, at all", true},
	}
	for _, c := range cases {
		col, ok := Lookup(c.col)
		if !ok {
			t.Fatalf("no column %s", c.col)
		}
		if err := col.Check(c.v); (err == nil) != c.ok {
			t.Errorf("%s %q: err %v, want ok=%v", c.col, c.v, err, c.ok)
		}
		if err := col.Check(c.v); err != nil && c.v != "" && strings.Contains(err.Error(), c.v) {
			t.Errorf("the message quotes the value: %v", err)
		}
	}
}

func TestCompareHeader(t *testing.T) {
	want := []string{"a", "b", "c", "d"}
	cases := []struct {
		name string
		got  []string
		kind []string
	}{
		{"same", []string{"a", "b", "c", "d"}, nil},
		{"dropped", []string{"a", "b", "d"}, []string{"dropped c"}},
		{"added", []string{"a", "b", "c", "d", "e"}, []string{"added e"}},
		{"renamed", []string{"a", "B", "c", "d"}, []string{"renamed b"}},
		{"swapped", []string{"a", "c", "b", "d"}, []string{"reordered b"}},
		{"dropped and moved", []string{"d", "a", "b"}, []string{"dropped c", "reordered d"}},
	}
	for _, c := range cases {
		var got []string
		for _, h := range CompareHeader(want, c.got) {
			got = append(got, h.Kind+" "+h.Column)
		}
		if strings.Join(got, ";") != strings.Join(c.kind, ";") {
			t.Errorf("%s: %v, want %v", c.name, got, c.kind)
		}
	}
}
