package contract

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec/avrcsv"
)

var headerRule = map[string]string{
	avrcsv.Dropped: RuleCSVColumnDropped, avrcsv.Added: RuleCSVColumnAdded,
	avrcsv.Renamed: RuleCSVColumnRenamed, avrcsv.Reordered: RuleCSVColumnReordered,
}

// csvFindings holds every CSV download to the AVR column contract
// (spec/avrcsv): its header's names, order and count, and the form of
// each column's values. Values are never quoted: only how many rows break
// a column's form.
func csvFindings(x scenarios.Exchange) []Finding {
	if x.Err != nil || x.Status != 200 || mediaType(x.RespHeader.Get("Content-Type")) != "text/csv" {
		return nil
	}
	rows, err := csv.NewReader(bytes.NewReader(x.RespBody)).ReadAll()
	if err != nil || len(rows) == 0 {
		return []Finding{newFinding(RuleSchemaViolation, "/csv", "RFC 4180 CSV with a header row", "something else", "the report is not CSV")}
	}
	fs := headerFindings(avrcsv.Names(), rows[0], "the AVR column contract (spec/avrcsv/columns.json)")
	return append(fs, formFindings(rows)...)
}

// headerFindings compares a CSV header with the one expected (the
// contract's, or an older recording's).
func headerFindings(want, got []string, judge string) []Finding {
	var out []Finding
	for _, c := range avrcsv.CompareHeader(want, got) {
		f := newFinding(headerRule[c.Kind], "/csv/"+escapeToken(c.Column), "", "", c.String()+" against "+judge)
		switch c.Kind {
		case avrcsv.Dropped:
			f.Expected, f.Seen = "column "+c.Column, "absent"
		case avrcsv.Added:
			f.Expected, f.Seen = "absent", "column "+c.Column
		case avrcsv.Renamed:
			f.Expected, f.Seen = c.Column, c.Seen
		case avrcsv.Reordered:
			f.Expected, f.Seen = fmt.Sprintf("position %d", slices.Index(want, c.Column)+1), "position "+c.Seen
		}
		out = append(out, f)
	}
	return out
}

func formFindings(rows [][]string) []Finding {
	var out []Finding
	for i, name := range rows[0] {
		col, ok := avrcsv.Lookup(name)
		if !ok {
			continue
		}
		bad := 0
		for _, row := range rows[1:] {
			if i < len(row) && col.Check(row[i]) != nil {
				bad++
			}
		}
		if bad > 0 {
			out = append(out, newFinding(RuleCSVValueForm, "/csv/"+escapeToken(name), col.Describe(),
				fmt.Sprintf("%d of %d rows hold another form", bad, len(rows)-1), "a column's values no longer have the form the contract gives"))
		}
	}
	return out
}
