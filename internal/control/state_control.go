package control

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// nsControl is what a state document's "control" holds for a namespace
// besides its world: where its clock stood, and its faults.
type nsControl struct {
	Clock  *clockReading   `json:"clock,omitempty"`
	Faults json.RawMessage `json:"faults,omitempty"`
}

// clockReading says the namespace clock read At when the wall clock read
// WallAt; a restored clock resumes from there at its own rate.
type clockReading struct {
	At     time.Time `json:"at"`
	WallAt time.Time `json:"wallAt"`
}

// controlOf is ns's control state as a document carries it.
func controlOf(ns *namespaces.Namespace) json.RawMessage {
	at, wall := ns.Clock().Reading()
	fs, err := json.Marshal(ns.Faults().State())
	if err != nil { // a fault's body is valid JSON, checked when it was added
		panic(fmt.Sprintf("control: encoding faults: %v", err))
	}
	b, _ := json.Marshal(nsControl{Clock: &clockReading{At: at.UTC(), WallAt: wall.UTC()}, Faults: fs})
	return b
}

// controlVersion changes whenever ns's control state does, for the saver.
func controlVersion(ctl json.RawMessage) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(ctl)
	return h.Sum64()
}

// parseControl checks a document's control state and returns what puts
// it back on a namespace (nil: nothing to put back). Refusals name the
// field.
func parseControl(raw json.RawMessage, ops []faults.Operation) (func(*namespaces.Namespace), error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	var ctl nsControl
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ctl); err != nil {
		return nil, fmt.Errorf(`control: must be {"clock": {"at": RFC3339, "wallAt": RFC3339}, "faults": {...}}: %v`, err)
	}
	if c := ctl.Clock; c != nil && (c.At.Before(minClock) || !c.At.Before(maxClock) || c.WallAt.IsZero()) {
		return nil, fmt.Errorf("control.clock: 'at' must be between %d and %d, and 'wallAt' set", minClock.Year(), maxClock.Year())
	}
	var st *faults.State
	if len(ctl.Faults) > 0 {
		parsed, err := faults.ParseState(ctl.Faults, ops, "control.faults")
		if err != nil {
			return nil, err
		}
		st = &parsed
	}
	return func(ns *namespaces.Namespace) {
		if ctl.Clock != nil {
			ns.Clock().Resume(ctl.Clock.At, ctl.Clock.WallAt)
		}
		if st != nil {
			ns.Faults().Restore(*st)
		}
	}, nil
}

// restorer builds a namespace back from a state document: the world from
// the mock's template with its timeline, and its clock and faults. Everything is checked
// before anything changes.
func restorer(tmpl *fakes.Template, ops []faults.Operation, snap *statedoc.Document) namespaces.Restore {
	return func(clk *clock.Controlled) (*fakes.World, func(*namespaces.Namespace), error) {
		apply, err := parseControl(snap.Control, ops)
		if err != nil {
			return nil, nil, err
		}
		w, err := fakes.ImportWorld(tmpl, clk, snap)
		if err == nil {
			err = restoreTimeline(w, snap.Timeline, ops)
		}
		if err != nil {
			return nil, nil, err
		}
		return w, apply, nil
	}
}

// exportNamespace is ns's world (which the caller holds) as a state
// document, with its control state.
func exportNamespace(ns *namespaces.Namespace, w *fakes.World) (*statedoc.Document, error) {
	snap, err := w.Export()
	if err != nil {
		return nil, err
	}
	snap.Control = controlOf(ns)
	return snap, nil
}

// FaultOperations are the spec's operations as fault rules (and a
// timeline's counts and outages) name them.
func FaultOperations(ops []gate.Operation) []faults.Operation {
	out := make([]faults.Operation, len(ops))
	for i, op := range ops {
		out[i] = faults.Operation{ID: op.ID, Method: op.Method, Path: op.Path, Host: op.Host}
	}
	return out
}
