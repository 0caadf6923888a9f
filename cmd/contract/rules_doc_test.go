package main

import (
	"os"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/contract"
)

// TestEveryRuleIsDocumented: CI configurations key on rule ids, so each
// one the runner can report is in docs/contract.md's findings table.
func TestEveryRuleIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/contract.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // rule → its row's severity cell
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) < 3 {
			continue
		}
		for _, r := range strings.Split(strings.TrimPrefix(cells[0], "| "), ", ") {
			rows[strings.Trim(r, "`")] = cells[1]
		}
	}
	for rule, sev := range contract.Rules() {
		if !strings.HasPrefix(rows[rule], sev.String()) {
			t.Errorf("docs/contract.md has no row for %s (%s)", rule, sev)
		}
	}
}
