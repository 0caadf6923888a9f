package avrcsv

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the columns as the data dictionary's table.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| # | column | values | meaning |\n|---|---|---|---|\n")
	for i, c := range columns() {
		form := c.Describe()
		if c.Form == Enum {
			form = "`" + strings.Join(c.Values, "`, `") + "`"
		}
		if c.Optional {
			form += ", or empty"
		}
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s |\n", i+1, c.Name, form, c.Meaning)
	}
	return b.String()
}
