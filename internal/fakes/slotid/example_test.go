package slotid_test

import (
	"fmt"

	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// A slotId is base64 of a small JSON object; this one is the docs' second
// booking example's.
func ExampleDecode() {
	h, ok := slotid.Decode("eyJkYXRlIjoiMjAyMy0wMS0wNSIsInRpbWUiOiIxNDo0MDowMCIsImR1cmF0aW9uIjozMCwidmlzaXRUeXBlSWQiOiIxMDAwMDAzIiwidmlzaXRUeXBlIjoiTmV3UGF0aWVudCIsInRpbWV6b25lIjoiQW1lcmljYS9Mb3NfQW5nZWxlcyIsImRlcGFydG1lbnRJZCI6IjMwMTU0NjAwMSIsInNsb3RUeXBlIjoiTmV3UGF0aWVudCIsInZlcnNpb24iOiIzLjAifQ==")
	start, _ := h.Start()
	fmt.Println(ok, h.DepartmentID, h.VisitTypeID, h.Duration)
	fmt.Println(start.UTC())
	// Output:
	// true 301546001 1000003 30
	// 2023-01-05 22:40:00 +0000 UTC
}
