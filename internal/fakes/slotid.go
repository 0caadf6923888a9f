package fakes

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// slotIDVersion is the handle format version DexCare's example slotIds carry.
const slotIDVersion = "3.0"

// SlotHandle is what a slotId holds: base64 (standard alphabet) of this
// object as JSON, the same form as the slotIds in DexCare's booking
// examples. It names the slot by its local date and time in the
// department's time zone.
type SlotHandle struct {
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

// NewSlotHandle describes the slot of department d starting at start.
func NewSlotHandle(d Department, vt VisitType, start time.Time) SlotHandle {
	local := start.In(d.Location())
	return SlotHandle{
		Date:         local.Format(time.DateOnly),
		Time:         local.Format(time.TimeOnly),
		Duration:     d.SlotMinutes,
		VisitTypeID:  vt.ID,
		VisitType:    vt.Name,
		Timezone:     d.Timezone,
		DepartmentID: d.ID,
		SlotType:     vt.Name,
		Version:      slotIDVersion,
	}
}

// Encode is the slotId clients book with.
func (h SlotHandle) Encode() string {
	data, _ := json.Marshal(h) // a struct of strings and an int always marshals
	return base64.StdEncoding.EncodeToString(data)
}

// DecodeSlotID reads a slotId. It accepts the padded standard alphabet the
// docs use and, leniently, unpadded or URL-safe forms; the JSON inside may
// be compact or indented (both appear in the docs).
func DecodeSlotID(id string) (SlotHandle, bool) {
	var h SlotHandle
	data, ok := decodeBase64(strings.TrimSpace(id))
	if !ok || json.Unmarshal(data, &h) != nil {
		return SlotHandle{}, false
	}
	if _, ok := h.Start(); !ok || h.Duration <= 0 || h.DepartmentID == "" {
		return SlotHandle{}, false
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
func (h SlotHandle) Start() (time.Time, bool) {
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
