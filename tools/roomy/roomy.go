package roomy

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"testing/fstest"

	"github.com/mockdex/mockdex/fixtures"
)

// Fixture identities the visit creates use (see fixtures/*.json).
const (
	PracticeID  = "6996d161-cd16-4556-9577-f942c3f80c80"
	PatientGUID = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
)

// A queued visit waits (visits ahead + 1) × handle time ÷ providers on
// call, so admitting 10,000 visits a second for good takes 10,000
// providers' worth of handling a second: region capacity, on-call
// providers and a one-second handle time are raised accordingly, and the
// waiting room opens at once. Nothing else changes.
const (
	Capacity  = 10_000_000
	OnCall    = 20_000
	HandleSec = 1
)

// edits are the changes to the embedded fixtures, by file.
var edits = map[string]func(any){
	"practices.json": roomyPractices,
	"providers.json": func(v any) { v.(map[string]any)["generated"].(map[string]any)["count"] = OnCall },
	"settings.json": func(v any) {
		m := v.(map[string]any)
		m["meanHandleSeconds"], m["waitingRoomAfterSeconds"] = HandleSec, 0
	},
}

// FS is the embedded fixtures with the changes above.
func FS() (fs.FS, error) {
	out := fstest.MapFS{}
	src := fixtures.Default()
	err := fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
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
		out[path] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	return out, err
}

// WriteDir writes FS into dir, for mockdex's --fixtures.
func WriteDir(dir string) error {
	fsys, err := FS()
	if err != nil {
		return err
	}
	return os.CopyFS(dir, fsys)
}

func editJSON(data []byte, edit func(any)) ([]byte, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	edit(v)
	return json.Marshal(v)
}

// roomyPractices raises every region's capacity and puts OnCall providers
// on call for Washington's adult virtual visits.
func roomyPractices(v any) {
	for _, p := range v.([]any) {
		practice := p.(map[string]any)
		for _, reg := range practice["regions"].([]any) {
			region := reg.(map[string]any)
			region["capacity"] = Capacity
			if region["regionCode"] == "WA" && practice["id"] == PracticeID {
				region["oncall"].(map[string]any)["virtual/adult"] = OnCall
			}
		}
	}
}

// VisitBody is a v9 create for the fixture patient in Washington, whose
// queue is open around the clock.
func VisitBody() []byte {
	b, _ := json.Marshal(map[string]any{
		"patient": map[string]any{
			"patientGuid": PatientGUID, "firstName": "Side", "lastName": "By-Side", "gender": "other",
			"dateOfBirth": "1970-01-01", "phone": "206-555-0100", "email": "sidebyside@example.com",
			"address": map[string]any{"line1": "1 Loopback Way", "city": "Seattle", "state": "WA", "postalCode": "98104"},
		},
		"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": "sidebyside"},
		"visitDetails": map[string]any{
			"practiceId": PracticeID, "stateLicensure": "WA", "visitTypeName": "virtual",
			"assignmentQualifiers": []string{"adult"}, "visitReason": "side-by-side measurement",
			"brand": "providence", "acceptedTerms": true, "declaration": "self",
		},
	})
	return b
}
