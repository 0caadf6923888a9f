package loadgen

import (
	"bytes"
	"fmt"
	"net/http"
)

// Fixture identities the requests use (see fixtures/*.json).
const (
	practiceID  = "6996d161-cd16-4556-9577-f942c3f80c80"
	patientGUID = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	providerNPI = "1629394572"
)

// operation is one kind of request, named by the spec's operationId so
// figures line up with the mock's own request journal and faults.
type operation struct {
	id     string
	weight int // share of the mix
	build  func(t *target, n int) (*http.Request, error)
	// seen, when set, is given each answer (its body read whole): the
	// report jobs' rotation learns from it.
	seen func(t *target, req *http.Request, status int, body []byte)
}

var (
	opPractice = operation{"getPractice", 3, func(t *target, _ int) (*http.Request, error) {
		return t.get("/api/8/practices/" + practiceID)
	}, nil}
	opWaitTimes = operation{"getAvailabilityAndWaitTimes", 3, func(t *target, _ int) (*http.Request, error) {
		return t.get("/api/9/regions/waittimes?regionCodes[]=WA")
	}, nil}
	opQualifiers = operation{"getAssignmentQualifiers", 1, func(t *target, _ int) (*http.Request, error) {
		return t.get("/api/9/assignmentqualifiers")
	}, nil}
	opModalities = operation{"getModalities", 1, func(t *target, _ int) (*http.Request, error) {
		return t.get("/api/9/modalities")
	}, nil}
	opAvrStatus = operation{"getAvrReportStatus", 2, func(t *target, n int) (*http.Request, error) {
		id, err := t.reportToPoll(n)
		if err != nil {
			return nil, err
		}
		return t.withServiceKey(t.get("/api/8/reporting/allvisitsreport/" + id))
	}, polled}
	opAprSearch = operation{"searchProviderHistories", 2, func(t *target, _ int) (*http.Request, error) {
		return t.withServiceKey(t.post("/v1/reporting/providerhistories", t.aprBody))
	}, nil}
	opTimeslots = operation{"getSingleProviderTimeslots", 2, func(t *target, _ int) (*http.Request, error) {
		req, err := t.get("/v5/providers/" + providerNPI + "/timeslots?daysOfSlots=7")
		if err == nil {
			req.Header.Set("x-api-key", t.creds.APIKey)
		}
		return req, err
	}, nil}
	opCreateVisit = operation{"createVisitV9", 4, func(t *target, n int) (*http.Request, error) {
		req, err := t.post("/api/9/visits", t.visitBodies[n%len(t.visitBodies)])
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+t.bearer)
		}
		return req, err
	}, nil}
	opStartAvr = operation{"startAvrReport", 1, func(t *target, _ int) (*http.Request, error) {
		return t.withServiceKey(t.post("/api/8/reporting/allvisitsreport", []byte(`{"type":"virtual"}`)))
	}, started}
)

func (t *target) get(path string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, t.base+path, nil)
}

func (t *target) post(path string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, t.base+path, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, err
}

func (t *target) withServiceKey(req *http.Request, err error) (*http.Request, error) {
	if err == nil {
		req.Header.Set("Authorization", "dc-token "+t.creds.ServiceKey)
	}
	return req, err
}

// Mix names a weighted set of operations.
type Mix string

// The mixes: read-only traffic, writes that change state, or both.
const (
	MixRead  Mix = "read"
	MixWrite Mix = "write"
	MixMixed Mix = "mixed"
)

var (
	readOps  = []operation{opPractice, opWaitTimes, opQualifiers, opModalities, opAvrStatus, opAprSearch, opTimeslots}
	writeOps = []operation{opCreateVisit, opStartAvr}
)

func (m Mix) operations() ([]operation, error) {
	switch m {
	case MixRead:
		return readOps, nil
	case MixWrite:
		return writeOps, nil
	case MixMixed:
		return append(append([]operation{}, readOps...), writeOps...), nil
	}
	return nil, fmt.Errorf("--mix %q: want read, write or mixed", m)
}

// schedule spreads the mix over one cycle, each operation appearing as
// often as its weight, interleaved round-robin so that any run of
// requests carries the whole mix. Request n is schedule[n%len]: counts
// per operation are exact, not sampled.
func (m Mix) schedule() ([]operation, error) {
	ops, err := m.operations()
	if err != nil {
		return nil, err
	}
	var cycle []operation
	for round := 1; round <= maxWeight(ops); round++ {
		for _, op := range ops {
			if op.weight >= round {
				cycle = append(cycle, op)
			}
		}
	}
	return cycle, nil
}

func maxWeight(ops []operation) int {
	w := 0
	for _, op := range ops {
		w = max(w, op.weight)
	}
	return w
}
