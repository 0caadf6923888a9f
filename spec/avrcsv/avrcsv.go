package avrcsv

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// File is the raw column file, for tools that read it themselves.
//
//go:embed columns.json
var File []byte

// Form is what a column's values look like.
type Form string

// The forms a column may take.
const (
	GUID      Form = "guid"      // 8-4-4-4-12 hex digits
	Timestamp Form = "timestamp" // UTC RFC 3339 to the second: 2024-06-03T16:00:00Z
	Enum      Form = "enum"      // one of Column.Values
	Integer   Form = "integer"   // decimal digits
	Text      Form = "text"      // anything
)

// Column is one CSV column.
type Column struct {
	Name string `json:"name"`
	Form Form   `json:"form"`
	// Values lists an enum column's words.
	Values []string `json:"values,omitempty"`
	// Optional columns may be empty (a status not reached, an in-person
	// field of a virtual visit).
	Optional bool   `json:"optional,omitempty"`
	Meaning  string `json:"meaning"`
}

// columns are parsed at first use, not at package init: mockdex's start
// (and every program importing the package) need not pay for it.
var columns = sync.OnceValue(func() []Column { return mustParse(File) })

func mustParse(b []byte) []Column {
	var f struct {
		Columns []Column `json:"columns"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		panic(fmt.Sprintf("avrcsv: columns.json: %v", err))
	}
	for _, c := range f.Columns {
		if !knownForm(c.Form) || (c.Form == Enum) != (len(c.Values) > 0) {
			panic(fmt.Sprintf("avrcsv: column %s: bad form %q or values", c.Name, c.Form))
		}
	}
	return f.Columns
}

func knownForm(f Form) bool { return slices.Contains([]Form{GUID, Timestamp, Enum, Integer, Text}, f) }

// Columns returns the columns in order, as copies.
func Columns() []Column {
	out := make([]Column, len(columns()))
	for i, c := range columns() {
		c.Values = slices.Clone(c.Values)
		out[i] = c
	}
	return out
}

// Names returns the header row.
func Names() []string {
	out := make([]string, len(columns()))
	for i, c := range columns() {
		out[i] = c.Name
	}
	return out
}

// Lookup returns the column with that name.
func Lookup(name string) (Column, bool) {
	for _, c := range columns() {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

var guid = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
})

// TimeLayout is the Timestamp form's layout.
const TimeLayout = "2006-01-02T15:04:05Z"

// Check reports whether v has the column's form; the error says what
// form was expected without quoting v (it may be patient data).
func (c Column) Check(v string) error {
	if v == "" {
		if c.Optional {
			return nil
		}
		return fmt.Errorf("column %s is empty; it is always set", c.Name)
	}
	ok := true
	switch c.Form {
	case GUID:
		ok = guid().MatchString(v)
	case Timestamp:
		_, err := time.Parse(TimeLayout, v)
		ok = err == nil
	case Enum:
		ok = slices.Contains(c.Values, v)
	case Integer:
		_, err := strconv.ParseUint(v, 10, 64)
		ok = err == nil
	}
	if !ok {
		return fmt.Errorf("column %s holds a value that is not %s", c.Name, c.Describe())
	}
	return nil
}

// Describe names the form in words, for messages and the data dictionary.
func (c Column) Describe() string {
	switch c.Form {
	case GUID:
		return "a GUID"
	case Timestamp:
		return "a UTC RFC 3339 time to the second"
	case Enum:
		return "one of " + fmt.Sprint(c.Values)
	case Integer:
		return "an integer"
	}
	return "text"
}
