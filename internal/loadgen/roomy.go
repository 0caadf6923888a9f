package loadgen

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mockdex/mockdex/fixtures"
)

// The roomy fixtures give the Washington queue room for every visit the
// run creates. A queued visit waits (visits ahead + 1) × handle time ÷
// providers on call, so admitting 10,000 visits a second for good takes
// 10,000 providers' worth of handling a second: region capacity, on-call
// providers and a one-second handle time are raised accordingly, and the
// waiting room opens at once. Nothing else changes.
const (
	RoomyCapacity  = 10_000_000
	RoomyOnCall    = 20_000
	RoomyHandleSec = 1
)

// RoomyFixtures writes into dir a copy of the embedded fixtures with the
// changes above, for runs that create far more visits than the default
// world admits (scripts/sidebyside.sh's POST round, the visit-cap flood).
func RoomyFixtures(dir string) error {
	edits := map[string]func(any){
		"practices.json": roomyPractices,
		"providers.json": func(v any) { v.(map[string]any)["generated"].(map[string]any)["count"] = RoomyOnCall },
		"settings.json": func(v any) {
			m := v.(map[string]any)
			m["meanHandleSeconds"], m["waitingRoomAfterSeconds"] = RoomyHandleSec, 0
		},
	}
	src := fixtures.Default()
	return fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, path)
		if err != nil {
			return err
		}
		if edit, ok := edits[path]; ok {
			if data, err = editJSON(data, edit); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		dst := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

func editJSON(data []byte, edit func(any)) ([]byte, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	edit(v)
	return json.Marshal(v)
}

// roomyPractices raises every region's capacity and puts RoomyOnCall
// providers on call for Washington's adult virtual visits.
func roomyPractices(v any) {
	for _, p := range v.([]any) {
		practice := p.(map[string]any)
		for _, reg := range practice["regions"].([]any) {
			region := reg.(map[string]any)
			region["capacity"] = RoomyCapacity
			if region["regionCode"] == "WA" && practice["id"] == practiceID {
				region["oncall"].(map[string]any)["virtual/adult"] = RoomyOnCall
			}
		}
	}
}
