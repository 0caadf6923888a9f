package store

import (
	"encoding/json"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// Loaded is a namespace read back from disk.
type Loaded struct {
	World World
	// Control is what the control plane stored with the world
	// (statedoc.Document.Control), for it to restore its own state from.
	Control json.RawMessage
}

// Load reads every saved namespace and builds each one's world with
// build, given the namespace's name and document (fakes.ImportWorld on
// the mock's template, on the clock the document's ExportedAt and
// Control say the namespace stood at). The first file that cannot be
// read or built from stops the load with an error naming the file and
// the problem.
func (d *Dir) Load(build func(name string, doc *statedoc.Document) (World, error)) (map[string]Loaded, error) {
	names, err := d.Names()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Loaded, len(names))
	for _, name := range names {
		if err := CheckName(name); err != nil {
			return nil, fileError(d.File(name), err)
		}
		doc, err := d.Read(name)
		if err != nil {
			return nil, err
		}
		w, err := build(name, doc)
		if err != nil {
			return nil, fileError(d.File(name), err)
		}
		out[name] = Loaded{World: w, Control: doc.Control}
	}
	return out, nil
}
