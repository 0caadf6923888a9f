package mockdextest_test

import (
	"encoding/json"
	"fmt"

	"github.com/mockdex/mockdex/mockdextest"
)

// The usage profile says what the code under test used of DexCare's API:
// save it in CI and hand it to `contract run --usage`.
func ExampleServer_UsageProfile() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	// The code under test reads qualifiers and practice wait times.
	m.ReadBody(m.Do("GET", "/api/9/assignmentqualifiers?archived=true", ""))
	m.ReadBody(m.Do("GET", "/api/9/regions/waittimes?practiceId="+mockdextest.PracticeVirtualVisits, ""))
	m.Reset() // between tests: the profile stays

	doc, err := m.UsageProfile() // or m.SaveUsageProfile("artifacts/usage.json")
	if err != nil {
		panic(err)
	}
	var p struct {
		Operations map[string]struct {
			Calls      int64
			Parameters map[string]map[string]struct {
				Sent   int64
				Values map[string]int64
			}
		}
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		panic(err)
	}
	q := p.Operations["getAssignmentQualifiers"]
	fmt.Println(len(p.Operations), q.Calls, q.Parameters["query"]["archived"].Values)
	fmt.Println(p.Operations["getAvailabilityAndWaitTimes"].Parameters["query"]["practiceId"].Sent)
	// Output:
	// 2 1 map[true:1]
	// 1
}
