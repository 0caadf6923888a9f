package store

import (
	"encoding/json"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
)

// Loaded is a namespace read back from disk.
type Loaded struct {
	World *fakes.World
	// Control is what the control plane stored with the world
	// (Snapshot.Control), for it to restore its own state from.
	Control json.RawMessage
}

// Load reads and imports every saved namespace, building each world from
// t. clockFor gets each namespace's name and document (its ExportedAt and
// Control say where the namespace's clock stood) and returns the clock
// its world runs on. The first file that cannot be read or imported stops
// the load with an error naming the file and the problem.
func (d *Dir) Load(t *fakes.Template, clockFor func(name string, s *fakes.Snapshot) clock.Clock) (map[string]Loaded, error) {
	names, err := d.Names()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Loaded, len(names))
	for _, name := range names {
		if err := CheckName(name); err != nil {
			return nil, fileError(d.File(name), err)
		}
		s, err := d.Read(name)
		if err != nil {
			return nil, err
		}
		w, err := fakes.ImportWorld(t, clockFor(name, s), s)
		if err != nil {
			return nil, fileError(d.File(name), err)
		}
		out[name] = Loaded{World: w, Control: s.Control}
	}
	return out, nil
}
