package slotid

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// version is the handle format version DexCare's example slotIds carry.
const version = "3.0"

// Handle is what a slotId holds: base64 (standard alphabet) of this
// object as JSON, the same form as the slotIds in DexCare's booking
// examples. It names the slot by its local date and time in the
// department's time zone.
type Handle struct {
	Date         string `json:"date"` // YYYY-MM-DD, local
	Time         string `json:"time"` // HH:MM:SS, local
	Duration     int    `json:"duration"`
	VisitTypeID  string `json:"visitTypeId"`
	VisitType    string `json:"visitType"`
	Timezone     string `json:"timezone"`
	DepartmentID string `json:"departmentId"`
	SlotType     string `json:"slotType"`
	Version      string `json:"version"`
}

// New describes the slot of department d starting at start.
func New(d fixturefile.Department, vt fixturefile.VisitType, start time.Time) Handle {
	local := start.In(d.Location())
	return Handle{
		Date:         local.Format(time.DateOnly),
		Time:         local.Format(time.TimeOnly),
		Duration:     d.SlotMinutes,
		VisitTypeID:  vt.ID,
		VisitType:    vt.Name,
		Timezone:     d.Timezone,
		DepartmentID: d.ID,
		SlotType:     vt.Name,
		Version:      version,
	}
}

// Encode is the slotId clients book with.
func (h Handle) Encode() string {
	data, _ := json.Marshal(h) // a struct of strings and an int always marshals
	return base64.StdEncoding.EncodeToString(data)
}

// Decode reads a slotId. It accepts the padded standard alphabet the
// docs use and, leniently, unpadded or URL-safe forms; the JSON inside may
// be compact or indented (both appear in the docs).
func Decode(id string) (Handle, bool) {
	var h Handle
	data, ok := decodeBase64(strings.TrimSpace(id))
	if !ok || json.Unmarshal(data, &h) != nil {
		return Handle{}, false
	}
	if _, ok := h.Start(); !ok || h.Duration <= 0 || h.DepartmentID == "" {
		return Handle{}, false
	}
	return h, true
}

func decodeBase64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if data, err := enc.DecodeString(s); err == nil {
			return data, true
		}
	}
	return nil, false
}

// Start is the slot's start instant, read in the handle's own time zone.
func (h Handle) Start() (time.Time, bool) {
	loc, err := time.LoadLocation(h.Timezone)
	if err != nil || h.Timezone == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(time.DateOnly+" "+time.TimeOnly, h.Date+" "+h.Time, loc)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}
