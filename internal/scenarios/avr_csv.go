package scenarios

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"time"
)

// csvInWindow checks that every row of a report was created inside the
// window the report was started with, and is of the report's type.
// Columns missing from the header are the contract runner's finding, not
// this check's.
func csvInWindow(x Exchange, vars Vars) error {
	rows, err := csv.NewReader(bytes.NewReader(x.RespBody)).ReadAll()
	if err != nil || len(rows) == 0 {
		return fmt.Errorf("the report is not CSV with a header row")
	}
	created, typ := slices.Index(rows[0], "createdAt"), slices.Index(rows[0], "reportType")
	from, err1 := time.Parse(time.RFC3339, vars["avrFrom"])
	to, err2 := time.Parse(time.RFC3339, vars["avrTo"])
	if created < 0 || err1 != nil || err2 != nil {
		return nil
	}
	for i, row := range rows[1:] {
		at, err := time.Parse(time.RFC3339, cell(row, created))
		if err == nil && (at.Before(from) || !at.Before(to)) {
			return &Violation{Rule: RuleCSVRowOutsideWindow, Pointer: fmt.Sprintf("/csv/%d/createdAt", i+1), Expected: "createdAt in [startDate, endDate)",
				Seen: "a visit created outside it", Message: "the report holds a visit created outside the window it was started with"}
		}
		if typ >= 0 && cell(row, typ) != vars["avrType"] {
			return &Violation{Rule: RuleCSVRowOutsideWindow, Pointer: fmt.Sprintf("/csv/%d/reportType", i+1), Expected: vars["avrType"],
				Seen: cell(row, typ), Message: "the report holds a visit of another report type than it was started for"}
		}
	}
	return nil
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
