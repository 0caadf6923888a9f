package slotid

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// department is the default fixtures' department with that id.
func department(t *testing.T, id string) fixturefile.Department {
	t.Helper()
	s, err := fixturefile.Read(fixtures.Default())
	require.NoError(t, err)
	for _, d := range s.Departments {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no department %s", id)
	return fixturefile.Department{}
}

// The docs' two slotIds (one indented JSON, one compact) decode, and ours
// encode the compact one byte for byte.
func TestDocsSlotIDsDecode(t *testing.T) {
	indented := "ewogICJkYXRlIjogIjIwMjMtMDEtMDUiLAogICJ0aW1lIjogIjE0OjQwOjAwIiwKICAiZHVyYXRpb24iOiAzMCwKICAidmlzaXRUeXBlSWQiOiAiMTIzNDAwMyIsCiAgInZpc2l0VHlwZSI6ICJOZXdQYXRpZW50IiwKICAidGltZXpvbmUiOiAiQW1lcmljYS9Mb3NfQW5nZWxlcyIsCiAgImRlcGFydG1lbnRJZCI6ICIxMjM0NDYwMDEiLAogICJzbG90VHlwZSI6ICJOZXdQYXRpZW50IiwKICAidmVyc2lvbiI6ICIzLjAiCn0="
	compact := "eyJkYXRlIjoiMjAyMy0wMS0wNSIsInRpbWUiOiIxNDo0MDowMCIsImR1cmF0aW9uIjozMCwidmlzaXRUeXBlSWQiOiIxMDAwMDAzIiwidmlzaXRUeXBlIjoiTmV3UGF0aWVudCIsInRpbWV6b25lIjoiQW1lcmljYS9Mb3NfQW5nZWxlcyIsImRlcGFydG1lbnRJZCI6IjMwMTU0NjAwMSIsInNsb3RUeXBlIjoiTmV3UGF0aWVudCIsInZlcnNpb24iOiIzLjAifQ=="
	h, ok := Decode(indented)
	require.True(t, ok)
	assert.Equal(t, Handle{"2023-01-05", "14:40:00", 30, "1234003", "NewPatient", "America/Los_Angeles", "123446001", "NewPatient", "3.0"}, h)
	start, _ := h.Start()
	assert.Equal(t, time.Date(2023, 1, 5, 22, 40, 0, 0, time.UTC), start.UTC())

	d := department(t, "301546001")
	vt, _ := d.VisitType("1000003")
	assert.Equal(t, compact, New(d, vt, start).Encode())
	assert.True(t, department(t, "123446001").OnSchedule(start, 30), "the docs' slot lies on the clinic grid")
}

func TestDecodeRefusesJunk(t *testing.T) {
	for _, id := range []string{"", "%%%", "e30=", "bnVsbA==", // {} and null
		Handle{Date: "2024-06-04", Time: "10:10:00", Duration: 30, Timezone: "Mars/Base", DepartmentID: "1"}.Encode(),
		Handle{Date: "2024-06-04", Time: "10:10:00", Duration: 0, Timezone: "UTC", DepartmentID: "1"}.Encode(),
		Handle{Date: "2024-06-31", Time: "10:10:00", Duration: 30, Timezone: "UTC", DepartmentID: "1"}.Encode()} {
		_, ok := Decode(id)
		assert.False(t, ok, id)
	}
}
